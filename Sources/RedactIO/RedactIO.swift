// RedactIO: placeholder until its first implementation.
