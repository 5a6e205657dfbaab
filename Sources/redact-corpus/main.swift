// redact-corpus: generate labelled synthetic Intercom-integration logs, and measure how well the
// redaction engine does on them. See `redact-corpus help`.
import ArgumentParser

RedactCorpusCommand.main()
