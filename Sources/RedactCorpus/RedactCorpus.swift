// RedactCorpus: placeholder until its first implementation.
