package dev.loopwatch.app.research;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An inline SVG step chart of a best-so-far series: the value holds from one point to the next and
 * to the end of the x range, with an optional dashed reference line and its label. No script, so
 * the page stays self-contained and the same input always gives the same bytes.
 */
public final class StepChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 36;
  private static final int TOP = 30;
  private static final int BOTTOM = 45;

  private StepChart() {}

  /**
   * One point of the series.
   *
   * @param x the x value (agent-hours, dollars)
   * @param y the best value so far
   */
  public record Point(double x, double y) {}

  /**
   * A reference line across the chart.
   *
   * @param y its value
   * @param label its label, naming its source
   */
  public record Reference(double y, String label) {
    /** Checks the fields. */
    public Reference {
      requireNonNull(label, "label is null");
    }
  }

  /**
   * The chart's SVG element.
   *
   * @param id the element's id
   * @param title the chart's title, also its accessible name
   * @param xLabel the x axis's label
   * @param yLabel the y axis's label
   * @param points the series, by x
   * @param xEnd the end of the x range (the series holds its last value until there)
   * @param reference a reference line, if any
   */
  public static String svg(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<Point> points,
      double xEnd,
      Optional<Reference> reference) {
    double xMax = xEnd;
    double yMin = 0;
    double yMax = 1;
    for (Point p : points) {
      xMax = Math.max(xMax, p.x());
      yMin = Math.min(yMin, p.y());
      yMax = Math.max(yMax, p.y());
    }
    if (reference.isPresent()) {
      yMin = Math.min(yMin, reference.get().y());
      yMax = Math.max(yMax, reference.get().y());
    }
    if (!(xMax > 0)) {
      xMax = 1;
    }
    double yLow = Math.floor(yMin * 10) / 10;
    double yHigh = Math.ceil(yMax * 10) / 10;
    Scale scale = new Scale(xMax, yLow, yHigh);
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg id=\"%s\" class=\"step-chart\" xmlns=\"http://www.w3.org/2000/svg\""
                    + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                    + " aria-label=\"%s\">",
                escape(id),
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT,
                escape(title)))
        .append("<title>")
        .append(escape(title))
        .append("</title>");
    // Axes, y ticks every 0.1 or 0.2 PGR, x ticks at quarters of the range.
    svg.append(
        line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#444", "")
            + line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#444", ""));
    double step = yHigh - yLow > 1.0 ? 0.2 : 0.1;
    for (double y = yLow; y <= yHigh + 1e-9; y += step) {
      double py = scale.y(y);
      svg.append(line(LEFT - 4, py, WIDTH - RIGHT, py, "#ddd", ""))
          .append(text(LEFT - 8, py + 4, "end", String.format(Locale.ROOT, "%.1f", y)));
    }
    for (int i = 0; i <= 4; i++) {
      double x = xMax * i / 4;
      svg.append(
          text(scale.x(x), HEIGHT - BOTTOM + 16, "middle", String.format(Locale.ROOT, "%.3g", x)));
    }
    svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "middle", xLabel))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\""
                    + " text-anchor=\"middle\" font-size=\"12\">%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2.0,
                (TOP + HEIGHT - BOTTOM) / 2.0,
                escape(yLabel)))
        .append(text(LEFT, 18, "start", title));
    reference.ifPresent(r ->
        svg.append(line(LEFT, scale.y(r.y()), WIDTH - RIGHT, scale.y(r.y()), "#b00", "6 4"))
            .append(
                "<text class=\"reference-label\" x=\""
                    + format(WIDTH - RIGHT - 4)
                    + "\" y=\""
                    + format(scale.y(r.y()) - 5)
                    + "\" text-anchor=\"end\" font-size=\"12\" fill=\"#b00\">"
                    + escape(r.label())
                    + "</text>"));
    if (!points.isEmpty()) {
      StringBuilder path = new StringBuilder();
      Point first = points.getFirst();
      path.append(format(scale.x(first.x()))).append(',').append(format(scale.y(first.y())));
      double lastY = first.y();
      for (Point p : points.subList(1, points.size())) {
        path.append(' ').append(format(scale.x(p.x()))).append(',').append(format(scale.y(lastY)));
        path.append(' ').append(format(scale.x(p.x()))).append(',').append(format(scale.y(p.y())));
        lastY = p.y();
      }
      path.append(' ').append(format(scale.x(xMax))).append(',').append(format(scale.y(lastY)));
      svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"")
          .append(" points=\"")
          .append(path)
          .append("\"/>");
      for (Point p : points) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f5fa8\"/>",
                scale.x(p.x()),
                scale.y(p.y())));
      }
    }
    return svg.append("</svg>").toString();
  }

  private record Scale(double xMax, double yLow, double yHigh) {
    double x(double value) {
      return LEFT + (WIDTH - LEFT - RIGHT) * value / xMax;
    }

    double y(double value) {
      double span = yHigh - yLow;
      return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - yLow) / (span > 0 ? span : 1);
    }
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, String dash) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
        x1,
        y1,
        x2,
        y2,
        color,
        dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\">%s</text>",
        x,
        y,
        anchor,
        escape(content));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
