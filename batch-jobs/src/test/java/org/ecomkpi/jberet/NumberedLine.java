package org.ecomkpi.jberet;

/** An item of the demo job: line {@code number} (1-based) of the input file. */
record NumberedLine(int number, String text) {
}
