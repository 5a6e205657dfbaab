// placeholder
print("redact: not built yet")
