import Testing

@Test func placeholder_RedactCLITests() { #expect(Bool(true)) }
