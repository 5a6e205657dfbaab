import Redact
@testable import RedactIO
import Testing

/// `--report` line numbers through the pipeline: whatever thread redacted a chunk, whether it was
/// redone, and however many line numbers its redactor recorded before, the run's findings are the
/// sequential engine's: the same counts and the first `reportLineLimit` line numbers, ascending.
@Suite struct ReportLinesTests {
    /// Pretty-printed documents (their `location` fields are redacted because of a key on an
    /// earlier line, so a chunk starting inside one is redone) between lines with an address, and
    /// a rarer detector (a phone number every 7th line).
    static let input: [UInt8] = {
        var t: [UInt8] = []
        for i in 0..<150 {
            t += bytes("2026-11-23T10:00:00Z INFO [web] GET /contacts/\(i) 200 from ops\(i)@example.com\n")
            if i % 2 == 0 { t += EngineThroughPipelineTests.document }
            if i % 7 == 0 { t += bytes("2026-11-23T10:00:01Z INFO call +44 20 7946 0958 about order \(i)\n") }
        }
        return t
    }()

    static func plan(lineLimit: Int) throws -> RedactionPlan {
        var p = RedactionPolicy.intercom
        p.reportLineLimit = lineLimit
        return try RedactionPlan(policy: p)
    }

    static func reference(_ plan: RedactionPlan) -> RedactionStats {
        var r = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        input.withUnsafeBytes { r.feed($0, into: &out) }
        r.finish(into: &out)
        return r.stats
    }

    static func run(_ plan: RedactionPlan, threads: Int, chunk: Int, readSize: Int, speculate: Bool) throws
        -> Pipeline<LineRedactor>
    {
        let r = try runEngine(plan, input, readSize: readSize, chunkSize: chunk, threads: threads, speculate: speculate)
        expectSameBytes(r.output, plan.redact(bytes: input), "threads \(threads), chunk \(chunk)")
        return r.pipeline
    }

    /// Many small chunks on two threads (the calling thread redacts queued chunks and redoes
    /// chunks that started inside a document, out of order): the findings are the sequential
    /// engine's, for limits far below and above the number of lines with a finding.
    @Test(arguments: [3, 20, 1000])
    func sameFindingsAsTheSequentialEngine(lineLimit: Int) throws {
        let plan = try Self.plan(lineLimit: lineLimit)
        let expected = Self.reference(plan)
        let email = try #require(expected.findings["detector:email"])
        #expect(email.count >= 150 && email.lines.count == min(lineLimit, 150))
        #expect(expected.findings.keys.contains { $0.hasPrefix("field:location") })
        var redone = 0
        for chunk in stride(from: 150, through: 1500, by: 90) {
            for (threads, speculate) in [(1, false), (2, false), (2, true)] {
                let p = try Self.run(plan, threads: threads, chunk: chunk, readSize: 64, speculate: speculate)
                redone += p.counters.redoneChunks
                #expect(p.stats.lines == expected.lines)
                for (label, f) in expected.findings {
                    let g = p.stats.findings[label]
                    #expect(g?.count == f.count, "\(label): threads \(threads), chunk \(chunk)")
                    #expect(g?.lines == f.lines, "\(label): threads \(threads), chunk \(chunk)")
                }
                #expect(p.stats.findings.count == expected.findings.count)
                for f in p.stats.findings.values {
                    #expect(f.lines.count <= lineLimit)
                    #expect(zip(f.lines, f.lines.dropFirst()).allSatisfy { $0 < $1 }, "ascending, each once")
                }
            }
        }
        #expect(redone > 10, "chunks starting inside a document were redone")
    }

    /// Lines written in part by timed flushes (follow mode, an idle pipe) are redacted again and
    /// again by the pipeline's redactor for held lines: its flushes never use up the line numbers
    /// of the lines that complete later.
    @Test(arguments: [1, 2])
    func heldLinesKeepTheirLineNumbers(threads: Int) throws {
        let plan = try Self.plan(lineLimit: 5)
        var steps: [ScriptedSource.Step] = []
        var text = ""
        for i in 0..<8 {
            let head = "plain line \(i)\ncontact bob\(i)@example.com now", rest = " ok\n"
            steps += [.bytes(bytes(head)), .flush, .flush, .bytes(bytes(rest))]
            text += head + rest
        }
        let expected = plan.redact(bytes: bytes(text))
        let (out, p) = runScript(steps, threads: threads, plan: plan)
        expectSameBytes(out, expected)
        #expect(p.stats.partialFlushes >= 8, "every held line was written in part")
        let email = try #require(p.stats.findings["detector:email"])
        #expect(email.count == 8)
        #expect(email.lines == [2, 4, 6, 8, 10])
        #expect(email.linesTruncated)
    }
}
