// placeholder
print("redact-corpus: not built yet")
