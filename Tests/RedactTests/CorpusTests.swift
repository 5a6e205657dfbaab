import Foundation
import Testing
@testable import RedactCorpus

private func lines(_ mix: Mix, seed: UInt64, count: Int) -> [CorpusLine] {
    var g = CorpusGenerator(seed: seed, mix: mix)
    return g.lines(atLeast: count)
}

private func occurrences(_ hay: [UInt8], _ needle: [UInt8]) -> Int {
    guard !needle.isEmpty, needle.count <= hay.count else { return 0 }
    var n = 0
    for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { n += 1 }
    return n
}

@Suite("Corpus generator")
struct CorpusTests {
    @Test("same seed gives the same bytes, another seed different bytes", arguments: Mix.allCases)
    func determinism(mix: Mix) {
        var a = CorpusGenerator(seed: 42, mix: mix), b = CorpusGenerator(seed: 42, mix: mix)
        var c = CorpusGenerator(seed: 43, mix: mix)
        let x = a.generate(bytes: 200_000), y = b.generate(bytes: 200_000), z = c.generate(bytes: 200_000)
        #expect(x == y)
        #expect(x != z)
        // Labelled lines of the same seed are the same records as the raw stream.
        var d = CorpusGenerator(seed: 42, mix: mix)
        var joined: [UInt8] = []
        while joined.count < 150_000 { let l = d.nextLine(); joined += l.bytes; joined.append(0x0A) }
        #expect(Array(x.prefix(joined.count)) == joined)
    }

    @Test("fixed bytes for a fixed seed (guards against platform-dependent randomness)", arguments: Mix.allCases)
    func golden(mix: Mix) {
        var g = CorpusGenerator(seed: 1, mix: mix)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a
        for b in g.generate(bytes: 256 * 1024) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        // Update deliberately (and regenerate samples/) when the generator's output changes.
        #expect(String(h, radix: 16) == CorpusTests.golden[mix], "FNV-1a of 256 KiB of \(mix) seed 1")
    }
    static let golden: [Mix: String] = [
        .production: "7aec2e03f5391a06", .dense: "463211bdce641208", .json: "8bdec535b13fa8c6", .text: "76dcfb3be1b7f1d8",
    ]

    @Test("samples/intercom-sample.log is what its documented command generates")
    func sampleIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try Data(contentsOf: root.appendingPathComponent("samples/intercom-sample.log"))
        var g = CorpusGenerator(seed: 6, mix: .production, piiRatio: 0.35)
        var text: [UInt8] = []
        for l in g.lines(atLeast: 150) { text += l.bytes; text.append(0x0A) }
        #expect(Array(committed) == text, "regenerate with the command in samples/README.md")
    }

    @Test("every label's bytes sit at its offset; PII bytes occur exactly once in the line", arguments: Mix.allCases)
    func labelsAreSound(mix: Mix) {
        for line in lines(mix, seed: 9, count: 4000) {
            #expect(!line.bytes.contains(0x0A))
            for p in line.label.pii + line.label.lookalikes {
                #expect(p.bytes.count >= 5 || !p.kind.isPII, "PII value shorter than 5 bytes: \(p.kind)")
                #expect(p.offset + p.bytes.count <= line.bytes.count)
                #expect(Array(line.bytes[p.offset..<min(line.bytes.count, p.offset + p.bytes.count)]) == p.bytes)
            }
            for p in line.label.pii {
                #expect(occurrences(line.bytes, p.bytes) == 1, "\(p.kind) \(p.format) occurs more than once")
            }
        }
    }

    @Test("every line of the json mix is a JSON document; escaped bodies are JSON too")
    func jsonMixParses() throws {
        var nested = 0
        for line in lines(.json, seed: 3, count: 3000) {
            let obj = try JSONSerialization.jsonObject(with: Data(line.bytes), options: [.fragmentsAllowed])
            if let dict = obj as? [String: Any], let body = dict["Body"] as? String {
                var inner = try JSONSerialization.jsonObject(with: Data(body.utf8))
                if let env = inner as? [String: Any], let message = env["Message"] as? String {
                    inner = try JSONSerialization.jsonObject(with: Data(message.utf8))
                }
                #expect(inner is [String: Any])
                nested += 1
            }
        }
        #expect(nested > 50)
    }

    @Test("pretty-printed documents and JSON after a log prefix parse", arguments: [Mix.production, .dense])
    func prettyAndPrefixedParse(mix: Mix) throws {
        var g = CorpusGenerator(seed: 11, mix: mix, piiRatio: 0.5)
        var pretty = 0, prefixed = 0
        for _ in 0..<3000 {
            let record = g.nextRecord()
            var text: [UInt8] = []
            for l in record { text += l.bytes; text.append(0x0A) }
            switch record[0].label.family {
            case "pretty":
                let start = text.firstIndex(of: UInt8(ascii: "{"))!
                _ = try JSONSerialization.jsonObject(with: Data(text[start...]))
                #expect(record.count > 5)
                pretty += 1
            case "app-log-json":
                let start = text.firstIndex(of: UInt8(ascii: "{"))!
                _ = try JSONSerialization.jsonObject(with: Data(text[start...]))
                prefixed += 1
            default:
                if text.first == UInt8(ascii: "{") { _ = try JSONSerialization.jsonObject(with: Data(text)) }
            }
        }
        #expect(pretty > 10)
        #expect(prefixed > 50)
    }

    @Test("the text mix has no JSON lines")
    func textMixIsText() {
        for line in lines(.text, seed: 5, count: 3000) {
            #expect(line.bytes.first != UInt8(ascii: "{"))
            #expect(["logfmt", "access", "text", "app-log"].contains(line.label.family))
        }
    }

    @Test("mixes hit their PII ratios")
    func ratios() {
        func share(_ mix: Mix) -> Double {
            let l = lines(mix, seed: 21, count: 20000)
            return Double(l.filter { !$0.label.pii.isEmpty }.count) / Double(l.count)
        }
        let production = share(.production), dense = share(.dense), json = share(.json), text = share(.text)
        #expect(production > 0.03 && production < 0.09, "production \(production)")
        #expect(dense > 0.9, "dense \(dense)")
        #expect(json > 0.2 && json < 0.3, "json \(json)")
        #expect(text > 0.2 && text < 0.3, "text \(text)")
        // Dense lines without PII are only the structural lines of pretty-printed documents.
        var within = 0
        for l in lines(.dense, seed: 22, count: 5000) where l.label.pii.isEmpty {
            #expect(l.label.family == "pretty")
            if l.label.withinPIIField {
                within += 1
                #expect(l.bytes.last != UInt8(ascii: "{") && l.bytes.last != UInt8(ascii: "}"))
            }
        }
        #expect(within > 0)
    }

    @Test("sizes are honoured exactly, with whole lines", arguments: [0, 1, 2, 3, 100, 4097, 65_536, 1 << 20 + 17])
    func sizes(n: Int) {
        for mix in Mix.allCases {
            var g = CorpusGenerator(seed: 8, mix: mix)
            let out = g.generate(bytes: n)
            #expect(out.count == n)
            if n > 0 { #expect(out.last == 0x0A) }
        }
    }

    @Test("streaming in small chunks gives the same bytes")
    func streamingChunks() {
        var a = CorpusGenerator(seed: 4, mix: .production), b = CorpusGenerator(seed: 4, mix: .production)
        var chunks: [UInt8] = []
        var calls = 0
        b.stream(bytes: 300_000, chunkSize: 10_000) { chunks += $0; calls += 1 }
        #expect(chunks == a.generate(bytes: 300_000))
        #expect(calls > 10)
    }

    @Test("dense corpus covers every kind, encoding and region")
    func coverage() {
        var kinds = Set<PlantedKind>(), formats = Set<String>(), countries = Set<String>(), families = Set<String>()
        var emailVariants = Set<String>(), contexts = Set<String>()
        for l in lines(.dense, seed: 2, count: 20000) {
            families.insert(l.label.family)
            for p in l.label.pii + l.label.lookalikes { kinds.insert(p.kind) }
            for p in l.label.pii {
                formats.insert("\(p.kind.rawValue) \(p.format)")
                contexts.insert("\(p.kind.rawValue) \(p.context.rawValue)")
                if p.kind == .phone { countries.insert(String(p.variant.split(separator: "-")[0])) }
                if p.kind == .email { emailVariants.insert(p.variant) }
            }
        }
        #expect(kinds == Set(PlantedKind.allCases.filter { $0 != .nonPersonName }))
        for f in ["plain", "json-escaped-u0040", "html-entity-dec", "html-entity-hex", "html-entity-named", "percent",
                  "mailto", "angle", "json-in-string", "json-in-string-2", "pretty-printed", "spaced", "logfmt", "go-escaped"] {
            #expect(formats.contains("email \(f)"), "no e-mail in format \(f)")
        }
        for f in ["plain", "tel-uri", "percent", "json-number", "pretty-printed", "logfmt", "json-in-string"] {
            #expect(formats.contains("phone \(f)"), "no phone in format \(f)")
        }
        #expect(formats.contains("name json-u-escaped"))
        for c in ["US", "CA", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "SE", "PL", "BR", "MX", "IN", "JP", "KR", "CN",
                  "AU", "ZA", "NG", "AE", "TR", "RU"] {
            #expect(countries.contains(c), "no phone from \(c)")
        }
        #expect(emailVariants == ["simple", "digits", "plus", "upper", "mixed-case", "subdomain", "long-tld", "utf8-local", "idn-domain"])
        for c in ["email field", "email text", "email key_value", "phone field", "phone text", "phone key_value",
                  "name field", "location field", "ip_address field", "address field", "ssn field"] {
            #expect(contexts.contains(c), "no \(c)")
        }
        #expect(families.count == 12) // all families that can carry PII
    }

    @Test("the production mix carries non-person names")
    func nonPersonNames() {
        let l = lines(.production, seed: 6, count: 20000)
        #expect(l.contains { $0.label.lookalikes.contains { $0.kind == .nonPersonName } })
    }

    @Test("the scorer: an oracle redactor scores 100%, a passthrough 0% recall")
    func evaluation() {
        let input = lines(.dense, seed: 12, count: 3000)
        var oracle = Evaluation(), passthrough = Evaluation()
        for (i, line) in input.enumerated() {
            var out = line.bytes
            // Replace planted PII right to left so offsets stay valid.
            for p in line.label.pii.sorted(by: { $0.offset > $1.offset }) {
                out.replaceSubrange(p.offset..<(p.offset + p.bytes.count), with: Array("[REDACTED:\(p.kind.rawValue)]".utf8))
            }
            oracle.add(input: line, output: out, lineNumber: i + 1)
            passthrough.add(input: line, output: line.bytes, lineNumber: i + 1)
        }
        #expect(oracle.allPII.planted > 3000)
        #expect(oracle.allPII.rate == 1)
        #expect(oracle.fieldRecall.rate == 1 && oracle.emailTextRecall.rate == 1 && oracle.phoneTextRecall.rate == 1)
        #expect(oracle.lookalikeSurvival.rate == 1)
        #expect(oracle.cleanLines.rate == 1)
        #expect(passthrough.allPII.good == 0)
        #expect(passthrough.lookalikeSurvival.rate == 1)

        // A redactor that also eats look-alikes and touches clean lines is caught.
        var greedy = Evaluation()
        for (i, line) in input.enumerated() {
            greedy.add(input: line, output: Array("[REDACTED]".utf8), lineNumber: i + 1)
        }
        #expect(greedy.allPII.rate == 1)
        #expect(greedy.lookalikeSurvival.good == 0)
        #expect(greedy.cleanLines.planted == 0 || greedy.cleanLines.good == 0)
    }
}
