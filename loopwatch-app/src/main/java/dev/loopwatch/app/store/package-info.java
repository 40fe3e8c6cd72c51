/** Commands over the store as a whole: export to Parquet and import exports from other machines. */
package dev.loopwatch.app.store;
