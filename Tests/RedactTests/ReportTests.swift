import Foundation
import Testing
@testable import Redact

/// Findings per field rule and detector with line numbers, and the JSON report: never a value.
@Suite struct ReportTests {
    static let input = """
        2026-11-23T10:00:00Z INFO boot
        {"type":"contact","email":"jane@example.com","phone":"+1 415 555 0123"}
        nothing here
        mail sam@example.org and amy@example.org
        {"custom_attributes":{"ssn":"123-45-6789"},"mobile_number":"4155550123"}

        """

    static func plan(lineLimit: Int = 100) throws -> RedactionPlan {
        var p = RedactionPolicy.intercom
        p.reportLineLimit = lineLimit
        return try RedactionPlan(policy: p)
    }

    @Test func findingsHaveCountsAndLineNumbers() throws {
        let stats = redactChunked(bytes(Self.input), size: 0, plan: try Self.plan()).stats
        let f = stats.findings
        #expect(f["field:email"]?.count == 1 && f["field:email"]?.lines == [2])
        #expect(f["field:phone"]?.lines == [2])
        #expect(f["detector:email"]?.count == 2 && f["detector:email"]?.lines == [4])
        #expect(f["field:custom_attributes.ssn"]?.lines == [5])
        #expect(f["phone-key:(phone-like key)"]?.lines == [5])
        #expect(f["field:email"]?.kind == "email" && f["detector:email"]?.origin == .detector)
        #expect(stats.findings.values.reduce(0) { $0 + $1.count } == stats.redactions)
    }

    @Test func lineNumbersAreTheSameInEveryChunkSize() throws {
        let plan = try Self.plan()
        let whole = redactChunked(bytes(Self.input), size: 0, plan: plan).stats.findings
        for size in [1, 3, 17] { #expect(redactChunked(bytes(Self.input), size: size, plan: plan).stats.findings == whole) }
    }

    @Test func mergeCountsLinesOnAndDeltasAreRelative() throws {
        let plan = try Self.plan()
        // Two chunks redacted by one redactor, merged in order the way a pipeline does it.
        var r = LineRedactor(plan: plan)
        var out: [UInt8] = []
        var total = RedactionStats()
        var before = r.stats
        for chunk in [Self.input, Self.input] {
            bytes(chunk).withUnsafeBytes { r.redactLines($0, into: &out) }
            var delta = RedactionStats()
            delta.lines = r.stats.lines - before.lines
            delta.findings = r.stats.findings(since: before)
            total.merge(delta)
            before = r.stats
        }
        #expect(total.findings["field:email"]?.lines == [2, 7])
        #expect(total.findings["detector:email"]?.lines == [4, 9])
        #expect(total.findings["detector:email"]?.count == 4)
    }

    @Test func lineNumbersAreCapped() throws {
        let text = String(repeating: "a@b.io\n", count: 50)
        let stats = redactChunked(bytes(text), size: 64, plan: try Self.plan(lineLimit: 10)).stats
        let f = try #require(stats.findings["detector:email"])
        #expect(f.count == 50 && f.lines == Array(1...10) && f.linesTruncated)
    }

    @Test func noLineNumbersUnlessAsked() {
        let stats = redactChunked(bytes(Self.input), size: 0).stats
        #expect(stats.findings["field:email"]?.count == 1 && stats.findings["field:email"]?.lines == [])
    }

    @Test func jsonReportHoldsNoValues() throws {
        let stats = redactChunked(bytes(Self.input), size: 0, plan: try Self.plan()).stats
        let json = RedactionReport.json(stats)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(doc["lines"] as? Int == 5 && doc["found"] as? Bool == true && doc["redactions"] as? Int == 6)
        let fields = try #require(doc["fields"] as? [[String: Any]])
        let email = try #require(fields.first { $0["path"] as? String == "email" })
        #expect(email["count"] as? Int == 1 && email["lines"] as? [Int] == [2])
        let detectors = try #require(doc["detectors"] as? [[String: Any]])
        #expect(detectors.contains { $0["name"] as? String == "email" && $0["count"] as? Int == 2 })
        for secret in ["jane", "sam@", "amy@", "415", "6789", "example"] { #expect(!json.contains(secret)) }
        let clean = RedactionReport.json(redactChunked(bytes("nothing\n"), size: 0).stats)
        #expect(clean.contains(#""found":false"#))
        #expect(doc["partial_flushes"] as? Int == 0 && doc["partial_masks"] as? Int == 0)
        var flushed = stats
        flushed.partialFlushes = 4
        flushed.partialMasks = 1
        #expect(RedactionReport.json(flushed).hasSuffix(#""limit_masks":0,"partial_flushes":4,"partial_masks":1}"# + "\n"))
    }
}
