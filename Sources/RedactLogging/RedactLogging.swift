// RedactLogging: placeholder until its first implementation.
