package dev.loopwatch.git.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {
  /**
   * One positive example per built-in glob, at the root or nested; every glob must be hit by at
   * least one.
   */
  private static final List<String[]> EXAMPLES =
      List.of(
          // lock files
          example("package-lock.json", "LOCK_FILE"),
          example("web/package-lock.json", "LOCK_FILE"),
          example("npm-shrinkwrap.json", "LOCK_FILE"),
          example("yarn.lock", "LOCK_FILE"),
          example("pnpm-lock.yaml", "LOCK_FILE"),
          example("bun.lockb", "LOCK_FILE"),
          example("apps/site/bun.lock", "LOCK_FILE"),
          example("deno.lock", "LOCK_FILE"),
          example("Cargo.lock", "LOCK_FILE"),
          example("crates/x/Cargo.lock", "LOCK_FILE"),
          example("poetry.lock", "LOCK_FILE"),
          example("Pipfile.lock", "LOCK_FILE"),
          example("uv.lock", "LOCK_FILE"),
          example("pdm.lock", "LOCK_FILE"),
          example("pixi.lock", "LOCK_FILE"),
          example("pylock.toml", "LOCK_FILE"),
          example("pylock.dev.toml", "LOCK_FILE"),
          example("requirements.lock", "LOCK_FILE"),
          example("requirements-dev.lock", "LOCK_FILE"),
          example("env/conda-lock.yml", "LOCK_FILE"),
          example("go.sum", "LOCK_FILE"),
          example("go.work.sum", "LOCK_FILE"),
          example("Gopkg.lock", "LOCK_FILE"),
          example("glide.lock", "LOCK_FILE"),
          example("Gemfile.lock", "LOCK_FILE"),
          example("gems.locked", "LOCK_FILE"),
          example("composer.lock", "LOCK_FILE"),
          example("mix.lock", "LOCK_FILE"),
          example("rebar.lock", "LOCK_FILE"),
          example("app/pubspec.lock", "LOCK_FILE"),
          example("ios/Podfile.lock", "LOCK_FILE"),
          example("Package.resolved", "LOCK_FILE"),
          example("Cartfile.resolved", "LOCK_FILE"),
          example("flake.lock", "LOCK_FILE"),
          example("gradle.lockfile", "LOCK_FILE"),
          example("buildscript-gradle.lockfile", "LOCK_FILE"),
          example("src/App/packages.lock.json", "LOCK_FILE"),
          example("paket.lock", "LOCK_FILE"),
          example("MODULE.bazel.lock", "LOCK_FILE"),
          example("infra/.terraform.lock.hcl", "LOCK_FILE"),
          example("stack.yaml.lock", "LOCK_FILE"),
          example("cabal.project.freeze", "LOCK_FILE"),
          example("renv.lock", "LOCK_FILE"),
          example("Manifest.toml", "LOCK_FILE"),
          example("shard.lock", "LOCK_FILE"),
          example("Berksfile.lock", "LOCK_FILE"),
          // vendored
          example("vendor/github.com/pkg/errors/errors.go", "VENDORED"),
          example("go/vendor/golang.org/x/net/http.go", "VENDORED"),
          example("third_party/zlib/inflate.c", "VENDORED"),
          example("src/third-party/lib.js", "VENDORED"),
          example("thirdparty/a.h", "VENDORED"),
          example("3rdparty/b.h", "VENDORED"),
          example("3rd_party/c.h", "VENDORED"),
          example("lib/3rd-party/d.h", "VENDORED"),
          example("node_modules/left-pad/index.js", "VENDORED"),
          example("web/node_modules/.bin/tsc", "VENDORED"),
          example("bower_components/jquery/jquery.js", "VENDORED"),
          example("jspm_packages/npm/x.js", "VENDORED"),
          example("ios/Pods/Alamofire/Source/AF.swift", "VENDORED"),
          example("Carthage/Checkouts/Quick/Quick.swift", "VENDORED"),
          example("ios/Carthage/Build/Quick.framework/Info.plist", "VENDORED"),
          example("venv/lib/python3.12/site-packages/six.py", "VENDORED"),
          example(".venv/bin/activate", "VENDORED"),
          example(".yarn/releases/yarn-4.1.0.cjs", "VENDORED"),
          example(".yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs", "VENDORED"),
          example(".yarn/sdks/typescript/lib/tsserver.js", "VENDORED"),
          example("elm-stuff/packages/x.elm", "VENDORED"),
          example("Godeps/_workspace/src/x.go", "VENDORED"),
          example("gradlew", "VENDORED"),
          example("android/gradlew.bat", "VENDORED"),
          example("gradle/wrapper/gradle-wrapper.properties", "VENDORED"),
          example("mvnw", "VENDORED"),
          example("mvnw.cmd", "VENDORED"),
          example(".mvn/wrapper/maven-wrapper.properties", "VENDORED"),
          // generated
          example("static/js/app.min.js", "GENERATED"),
          example("dist/app.min.mjs", "GENERATED"),
          example("dist/app.min.cjs", "GENERATED"),
          example("css/site.min.css", "GENERATED"),
          example("js/jquery-min.js", "GENERATED"),
          example("css/reset-min.css", "GENERATED"),
          example(".agent-trace/traces.jsonl", "GENERATED"),
          example("dist/app.js.map", "GENERATED"),
          example("dist/app.mjs.map", "GENERATED"),
          example("dist/app.cjs.map", "GENERATED"),
          example("dist/site.css.map", "GENERATED"),
          example("types/index.d.ts.map", "GENERATED"),
          example("tsconfig.tsbuildinfo", "GENERATED"),
          example(".pnp.cjs", "GENERATED"),
          example(".pnp.loader.mjs", "GENERATED"),
          example("proto/user_pb2.py", "GENERATED"),
          example("proto/user_pb2.pyi", "GENERATED"),
          example("proto/user_pb2_grpc.py", "GENERATED"),
          example("api/user.pb.go", "GENERATED"),
          example("api/user_grpc.pb.go", "GENERATED"),
          example("api/user.pb.gw.go", "GENERATED"),
          example("cc/user.pb.cc", "GENERATED"),
          example("cc/user.pb.h", "GENERATED"),
          example("web/user_pb.js", "GENERATED"),
          example("web/user_pb.d.ts", "GENERATED"),
          example("web/gen/user_pb.ts", "GENERATED"),
          example("lib/user_pb.rb", "GENERATED"),
          example("Sources/User.pb.swift", "GENERATED"),
          example("Sources/User.grpc.swift", "GENERATED"),
          example("lib/user.pb.dart", "GENERATED"),
          example("lib/user.pbenum.dart", "GENERATED"),
          example("lib/user.pbgrpc.dart", "GENERATED"),
          example("lib/user.pbjson.dart", "GENERATED"),
          example("lib/models/user.g.dart", "GENERATED"),
          example("lib/models/user.freezed.dart", "GENERATED"),
          example("lib/router.gr.dart", "GENERATED"),
          example("test/user_test.mocks.dart", "GENERATED"),
          example("App/Form1.Designer.cs", "GENERATED"),
          example("App/resources.designer.cs", "GENERATED"),
          example("App/Form1.Designer.vb", "GENERATED"),
          example("obj/MainWindow.g.cs", "GENERATED"),
          example("obj/MainWindow.g.i.cs", "GENERATED"),
          example("src/schema.generated.ts", "GENERATED"),
          example("fb/monster_generated.h", "GENERATED"),
          example("pkg/apis/v1/zz_generated.deepcopy.go", "GENERATED"),
          example("api/client.gen.go", "GENERATED"),
          example("src/api.gen.ts", "GENERATED"),
          example("src/__generated__/Query.graphql.ts", "GENERATED"),
          example("src/__snapshots__/App.test.tsx.snap", "GENERATED"),
          example("tests/snapshots/parse__expr.snap", "GENERATED"),
          example("my_pkg.egg-info/PKG-INFO", "GENERATED"),
          example("App.xcworkspace/contents.xcworkspacedata", "GENERATED"));

  private static String[] example(String path, String reason) {
    return new String[] {path, reason};
  }

  @Test
  void classify_everyBuiltInExample_givesItsReason() {
    PathRules rules = PathRules.builtIn();
    for (String[] example : EXAMPLES) {
      assertThat(rules.classify(example[0]))
          .as(example[0])
          .contains(ExclusionReason.valueOf(example[1]));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ExclusionReason.class,
      names = {"LOCK_FILE", "VENDORED", "GENERATED"})
  void builtInGlobs_eachGlob_hasAnExample(ExclusionReason reason) {
    List<String> globs = PathRules.builtInGlobs(reason);
    assertThat(globs).isNotEmpty();
    for (String glob : globs) {
      Glob compiled = Glob.parse(glob);
      assertThat(
              EXAMPLES.stream()
                  .filter(e -> e[1].equals(reason.name()))
                  .anyMatch(e -> compiled.matches(e[0])))
          .as("built-in %s glob '%s' has a positive example in EXAMPLES", reason, glob)
          .isTrue();
    }
  }

  @Test
  void builtInGlobs_counts_matchTheDataFile() {
    assertThat(PathRules.builtInGlobs(ExclusionReason.LOCK_FILE)).hasSize(44);
    assertThat(PathRules.builtInGlobs(ExclusionReason.VENDORED)).hasSize(26);
    assertThat(PathRules.builtInGlobs(ExclusionReason.GENERATED)).hasSize(51);
    assertThat(PathRules.builtInGlobs(ExclusionReason.USER_GLOB)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vendored.go",
        "src/vendored.go",
        "my_vendor/x.go",
        "vendors/x.go",
        "vendor",
        "src/vendor.go",
        "yarn.lock.md",
        "docs/yarn.lock.txt",
        "package-lock.json.bak",
        "old-package-lock.json",
        "Cargo.toml",
        "go.mod",
        "Gemfile",
        "package.json",
        "manifest.toml",
        "mynode_modules/x.js",
        "node_modules_backup.txt",
        "third_party_notes.md",
        "src/pods/view.swift",
        "external/lib/x.c",
        "deps/x.c",
        "build/out.js",
        "dist/app.js",
        "src/generated/api.ts",
        "admin.js",
        "app.min.jsx",
        "app.minified.js",
        "roadmap.md",
        "levels/world.map",
        "site.map",
        "user_pb2.pyc",
        "user.pb.golden",
        "lib/snap.ts",
        "snapshots/readme.md",
        "gradlew.txt",
        "mvnw.md",
        "src/Main.java",
        "README.md",
        "a/b/c/d.py",
      })
  void classify_nearMiss_isNotExcluded(String path) {
    assertThat(PathRules.builtIn().classify(path)).as(path).isEmpty();
  }

  @Test
  void classify_emptyPath_isNotExcluded() {
    assertThat(PathRules.builtIn().classify("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "node_modules/x/package-lock.json, LOCK_FILE",
    "vendor/github.com/x/go.sum, LOCK_FILE",
    "vendor/jquery.min.js, VENDORED",
    "third_party/proto/x.pb.go, VENDORED",
    "node_modules/pkg/dist/index.js.map, VENDORED",
  })
  void classify_severalBuiltInsMatch_lockThenVendoredThenGenerated(
      String path, ExclusionReason expected) {
    assertThat(PathRules.builtIn().classify(path)).contains(expected);
  }

  @Test
  void withUserGlobs_matchingPath_userGlobWinsOverBuiltIns() {
    PathRules rules = PathRules.builtIn().withUserGlobs(List.of("vendor/", "*.lock"));
    assertThat(rules.classify("vendor/x.go")).contains(ExclusionReason.USER_GLOB);
    assertThat(rules.classify("yarn.lock")).contains(ExclusionReason.USER_GLOB);
    assertThat(rules.classify("package-lock.json")).contains(ExclusionReason.LOCK_FILE);
    assertThat(PathRules.builtIn().classify("vendor/x.go")).contains(ExclusionReason.VENDORED);
  }

  @ParameterizedTest
  @CsvSource({
    // glob, path, matches
    "/docs/, docs/a.md, true",
    "/docs/, docs/deep/b.md, true",
    "/docs/, src/docs/a.md, false",
    "/docs/, docs, false",
    "fixtures/, fixtures/a.json, true",
    "fixtures/, test/fixtures/a/b.json, true",
    "fixtures/, fixtures, false",
    "fixtures/, my-fixtures/a.json, false",
    "build, build, true",
    "build, a/build, true",
    "build, build/out.js, true",
    "build, builder/out.js, false",
    "/CHANGELOG.md, CHANGELOG.md, true",
    "/CHANGELOG.md, docs/CHANGELOG.md, false",
    "*.csv, data.csv, true",
    "*.csv, a/b/data.csv, true",
    "*.csv, data.csv.gz, false",
    "src/**/*.sql, src/a.sql, true",
    "src/**/*.sql, src/x/y/a.sql, true",
    "src/**/*.sql, lib/src/a.sql, false",
    "src/*.sql, src/x/a.sql, false",
    "**/testdata/**, testdata/a.txt, true",
    "**/testdata/**, pkg/testdata/deep/a.txt, true",
    "**/testdata/**, testdata, false",
    "**/testdata, x/testdata, true",
    "/gen/**, gen/a/b.c, true",
    "/gen/**, x/gen/a.c, false",
    "**, anything/at/all.txt, true",
    "data?.txt, data1.txt, true",
    "data?.txt, data10.txt, false",
    "data?.txt, data/.txt, false",
    "report-[0-9].md, report-7.md, true",
    "report-[0-9].md, report-x.md, false",
    "report-[!0-9].md, report-x.md, true",
    "report-[!0-9].md, report-7.md, false",
    "a*b, a/b, false",
    "a*b, axxb, true",
    "\\*.txt, *.txt, true",
    "\\*.txt, a.txt, false",
    "f[ab-]x, f-x, true",
    "notes ü/, notes ü/é.md, true",
    "notes ü/, notes u/e.md, false",
  })
  void withUserGlobs_gitignoreSemantics_matchAsExpected(String glob, String path, boolean matches) {
    PathRules rules = PathRules.builtIn().withUserGlobs(List.of(glob));
    assertThat(rules.classify(path).filter(r -> r == ExclusionReason.USER_GLOB).isPresent())
        .as("glob '%s' on '%s'", glob, path)
        .isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|exclusion glob '' is empty",
        "!vendor/|exclusion glob '!vendor/' starts with '!', and negation is not supported",
        "/|exclusion glob '/' names no file or folder",
        "src//a.ts|exclusion glob 'src//a.ts' has an empty path segment ('//')",
        "src/**.ts|exclusion glob 'src/**.ts' has '**' inside a name; '**' must be a whole path segment",
        "a***|exclusion glob 'a***' has '**' inside a name; '**' must be a whole path segment",
        "report-[0-9.md|exclusion glob 'report-[0-9.md' has a '[' without a closing ']'",
        "trail\\|exclusion glob 'trail\\' ends with a lone '\\'",
      })
  void withUserGlobs_invalidGlob_throwsUserInputNamingIt(String glob, String message) {
    assertThatThrownBy(() -> PathRules.builtIn().withUserGlobs(List.of("ok/", glob)))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessage(message);
  }

  @Test
  void withUserGlobs_reversedRange_throwsUserInputNamingIt() {
    assertThatThrownBy(() -> PathRules.builtIn().withUserGlobs(List.of("[z-a].txt")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(
            "exclusion glob '[z-a].txt' is not a valid glob (Illegal character range");
  }

  @Test
  void withUserGlobs_calledTwice_keepsBothSets() {
    PathRules rules =
        PathRules.builtIn().withUserGlobs(List.of("*.csv")).withUserGlobs(List.of("/tmp/"));
    assertThat(rules.classify("a/b.csv")).contains(ExclusionReason.USER_GLOB);
    assertThat(rules.classify("tmp/x.go")).contains(ExclusionReason.USER_GLOB);
    assertThat(rules.classify("src/x.go")).isEmpty();
  }

  /**
   * Random paths: classification never throws, is stable, and does not depend on an empty user-glob
   * list.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void classify_randomPaths_stableAndNeverThrows(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    PathRules builtIn = PathRules.builtIn();
    PathRules withEmpty = PathRules.builtIn().withUserGlobs(List.of());
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      paths.add(randomPath(random));
    }
    List<Optional<ExclusionReason>> first = paths.stream().map(builtIn::classify).toList();
    List<Optional<ExclusionReason>> second = paths.stream().map(withEmpty::classify).toList();
    assertThat(second).as("seed %d", seed).isEqualTo(first);
    assertThat(paths.stream().map(builtIn::classify).toList()).as("seed %d", seed).isEqualTo(first);
    for (int i = 0; i < paths.size(); i++) {
      if (first.get(i).isPresent()) {
        assertThat(first.get(i))
            .as("seed %d path %s", seed, paths.get(i))
            .isNotEqualTo(Optional.of(ExclusionReason.USER_GLOB));
      }
    }
  }

  /**
   * Random paths whose segments are drawn from rule-relevant pieces, so many of them hit rules and
   * near misses.
   */
  static String randomPath(SplittableRandom random) {
    String[] pieces = {
      "vendor",
      "node_modules",
      "src",
      "lib",
      "a",
      "b",
      "x",
      ".",
      "-",
      "_",
      "min",
      "js",
      "css",
      "map",
      "pb",
      "go",
      "lock",
      "yarn",
      "package",
      "json",
      "Pods",
      "pods",
      "generated",
      "__",
      "g",
      "dart",
      "snap",
      "ü",
      "é",
      " ",
      "[",
      "]",
      "*",
      "?",
      "\\",
      "#",
      "!",
      "3rd",
      "party",
      "third",
      "gradlew",
      "mvnw",
      "wrapper",
      "gradle",
      "zz",
      "d",
      "ts",
      "Designer",
      "cs",
      "egg-info",
      "Cargo",
      "sum",
      "日本",
      "😀"
    };
    int segments = 1 + random.nextInt(5);
    StringBuilder path = new StringBuilder();
    for (int s = 0; s < segments; s++) {
      if (s > 0) {
        path.append('/');
      }
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        String piece = pieces[random.nextInt(pieces.length)];
        path.append(piece);
        if (random.nextInt(3) == 0) {
          path.append('.');
        }
      }
    }
    return path.toString();
  }
}
