import Testing

@Test func placeholder_RedactIOTests() { #expect(Bool(true)) }
