import Testing

@Test func placeholder_RedactLoggingTests() { #expect(Bool(true)) }
