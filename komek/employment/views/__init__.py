"""Pages of the employment centre (thin: parse, call one service or selector, render)."""
