import Testing

@Test func placeholder_RedactTests() { #expect(Bool(true)) }
