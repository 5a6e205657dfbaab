import Redact
@testable import RedactIO
import Testing

/// The real engine through the pipeline: the same output as the engine's own sequential
/// `StreamRedactor` (`plan.redact(bytes:)`), whatever the reads, chunks and threads.
@Suite struct EngineThroughPipelineTests {
    static let document = bytes("""
        {
          "type": "contact",
          "email": "pretty.printed@example.org",
          "location": {
            "type": "location",
            "city": "Dublin",
            "country": "Ireland"
          },
          "custom_attributes": {
            "ssn": "123-45-6789",
            "plan": "pro"
          },
          "role": "user"
        }

        """)

    static let input: [UInt8] = {
        var t: [UInt8] = []
        t += bytes("2026-11-23T10:00:00.123Z INFO [intercom] reply from sam@example.org: \"call me on +44 20 7946 0958\" id=409390445340074\n")
        t += document
        t += bytes("{\"type\":\"contact\",\"email\":\"jane.doe+vip@mail.example.co.uk\",\"name\":\"Jane Doe\",\"location\":{\"city\":\"Dublin\"}}\r\n")
        // An oversized record (longer than the 200-byte limit used below), with PII in every piece.
        t += bytes("2026-11-23T10:00:01Z WARN payload")
        for i in 0..<30 { t += bytes(" user\(i)@example.com,\"phone\":\"+1 415 555 01\(10 + i)\"") }
        t += bytes("\n")
        t += document
        t += bytes("plain line, nothing personal, order 1234567 at 2026-11-23T10:00:02Z\n")
        t += document
        t += bytes("last line without newline: ops@example.com")
        return t
    }()

    @Test(arguments: Array(1...64) + [Int.max])
    func sameAsTheSequentialEngine(readSize: Int) throws {
        let plan = try RedactionPlan(maxRecordSize: 200)
        let expected = plan.redact(bytes: Self.input)
        var reference = StreamRedactor(plan: plan)
        var sink: [UInt8] = []
        Self.input.withUnsafeBytes { reference.feed($0, into: &sink) }
        reference.finish(into: &sink)
        #expect(reference.stats.oversizedRecords == 1)

        for (threads, chunk) in [(1, 256), (2, 256), (2, 300), (2, 1 << 20)] {
            let (output, p) = try runEngine(plan, Self.input, readSize: readSize, chunkSize: chunk, threads: threads,
                                            speculate: false)
            expectSameBytes(output, expected, "threads \(threads), chunk \(chunk)")
            #expect(p.stats.lines == reference.stats.lines)
            #expect(p.stats.byKind == reference.stats.byKind)
            #expect(p.stats.byField == reference.stats.byField)
            #expect(p.stats.oversizedRecords == 1)
            #expect(p.stats.bytesIn == Self.input.count)
            #expect(p.stats.bytesOut == expected.count)
        }
    }

    /// A pretty-printed document whose `"location": {` ends one chunk and whose fields are in the
    /// next: the second chunk is redacted speculatively from `.initial`, found wrong, and redone.
    /// A chunk that starts with a blank line inside a PHP array (`var_export`'s `'location' =>`
    /// at a line's end; print_r's blank line after a nested array) is redone from the right state:
    /// it was kept from its guessed one, and ` 0` lost its redaction (found by libFuzzer). Every
    /// chunk size, so every line starts a chunk.
    @Test func blankLineInsideAPHPArrayStartingAChunk() throws {
        let plan = RedactionPlan.intercom
        let input = bytes("(\ntb 'location'=> \n    s:\n\n 0\n\r\n 1\n")
        let expected = plan.redact(bytes: input)
        #expect(String(decoding: expected, as: UTF8.self).hasSuffix(" \"[REDACTED:location]\"\n\r\n \"[REDACTED:location]\"\n"))
        for chunk in 16...input.count {
            let (output, _) = try runEngine(plan, input, readSize: chunk, chunkSize: chunk, threads: 2, speculate: true)
            expectSameBytes(output, expected, "chunk size \(chunk)")
        }
    }

    @Test func locationObjectSpanningTwoChunks() throws {
        let plan = RedactionPlan.intercom
        let chunk = 4096
        let head = bytes("{\n  \"type\": \"contact\",\n  \"location\": {\n")
        let rest = bytes("    \"city\": \"Dublin\",\n    \"country\": \"Ireland\"\n  },\n  \"role\": \"user\"\n}\n")
        var input: [UInt8] = []
        // Padding lines so that the head ends exactly at the chunk boundary.
        let padLine = bytes("2026-11-23T10:00:00Z INFO [web] GET /health 200\n")
        while input.count + padLine.count + head.count <= chunk { input += padLine }
        let fill = chunk - input.count - head.count - 1
        input += [UInt8](repeating: UInt8(ascii: "-"), count: fill) + [0x0A]
        input += head
        #expect(input.count == chunk)
        input += rest
        for _ in 0..<200 { input += padLine }

        let expected = plan.redact(bytes: input)
        let text = String(decoding: expected, as: UTF8.self)
        #expect(!text.contains("Dublin") && !text.contains("Ireland"))
        #expect(text.contains("\"city\": \"[REDACTED:location]\""))

        let (output, p) = try runEngine(plan, input, readSize: chunk, chunkSize: chunk, threads: 2, speculate: true)
        expectSameBytes(output, expected)
        #expect(p.redoneChunks >= 1)
        #expect(p.parallelChunks >= 2)
    }
}
