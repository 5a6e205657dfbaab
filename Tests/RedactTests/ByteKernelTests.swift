import Testing
@_spi(Kernels) @testable import Redact

/// The cheap-pass kernels against their scalar references (random inputs, every alignment), and the
/// phone trigger against the phone detector itself: wherever the detector matches, the trigger fires.
@Suite struct ByteKernelTests {
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    /// Bytes that matter to the kernels, weighted towards digits and separators.
    static let alphabet: [UInt8] = Array("0123456789012345678901234567890123456789 .-()/+  ..--abefxpdBT;:\"\\=@%&#u\n\u{7f}".utf8) + [0xC3, 0xA9, 0x80]

    static func randomBytes(_ r: inout RNG, _ n: Int) -> [UInt8] {
        (0..<n).map { _ in r.pick(alphabet) }
    }

    /// Runs `body` on `bytes` placed at every offset 0..<16 of a larger buffer (alignment matters
    /// for the word-at-a-time loads), with the span covering exactly the bytes.
    static func atEveryAlignment(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int, Int) -> Void) {
        for offset in 0..<16 {
            var buf = [UInt8](repeating: UInt8(ascii: "z"), count: offset + bytes.count + 16)
            buf.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            buf.withUnsafeBufferPointer { b in body(b.baseAddress!, offset, offset + bytes.count) }
        }
    }

    @Test func hasDigitMatchesBytewise() {
        var r = RNG(state: 1)
        for _ in 0..<20_000 {
            var w: UInt64 = 0
            var any = false
            for k in 0..<8 {
                let b: UInt8 = r.int(4) == 0 ? UInt8(r.int(256)) : r.pick(Self.alphabet)
                any = any || (b >= 48 && b <= 57)
                w |= UInt64(b) << UInt64(8 * k)
            }
            #expect(ByteKernels.hasDigit(w) == any)
        }
    }

    @Test func digitRunMatchesScalar() {
        var r = RNG(state: 2)
        for _ in 0..<3000 {
            let bytes = Self.randomBytes(&r, r.int(90))
            let n = 1 + r.int(9)
            Self.atEveryAlignment(bytes) { p, s, e in
                #expect(ByteKernels.digitRun(p, s, e, atLeast: n) == ByteKernels.digitRunScalar(p, s, e, atLeast: n))
                #expect(LineRedactor.hasDigitRun(p, s, e, atLeast: n) == ByteKernels.digitRunScalar(p, s, e, atLeast: n))
            }
        }
    }

    @Test func phoneTriggerMatchesScalar() {
        var r = RNG(state: 3)
        let tokens = Self.lookalikes + Self.phones + Self.glue
        for round in 0..<4000 {
            // Half random bytes, half lines made of tokens (dates, ids, phone words...).
            var bytes: [UInt8] = []
            if round % 2 == 0 {
                bytes = Self.randomBytes(&r, r.int(90))
            } else {
                for _ in 0..<(1 + r.int(6)) { bytes += Array(r.pick(tokens).utf8) }
            }
            let n = 5 + r.int(5)
            Self.atEveryAlignment(bytes) { p, s, e in
                let spanStart = s + (e > s ? r.int(e - s) : 0)
                let fast = ByteKernels.phoneTrigger(p, lineStart: s, spanStart, e, atLeast: n)
                let slow = ByteKernels.phoneTriggerScalar(p, lineStart: s, spanStart, e, atLeast: n)
                #expect(fast == slow, "round \(round)")
                // Never fires where the plain digit run does not.
                if slow { #expect(ByteKernels.digitRunScalar(p, spanStart, e, atLeast: n)) }
            }
        }
    }

    @Test func keyCandidateEndMatchesScalar() {
        var r = RNG(state: 4)
        for _ in 0..<3000 {
            var bytes = Self.randomBytes(&r, r.int(150))
            // Long stretches without quotes or backslashes too.
            if r.int(2) == 0 { bytes = bytes.map { $0 == 0x22 || $0 == 0x5C ? UInt8(ascii: "k") : $0 } }
            Self.atEveryAlignment(bytes) { p, s, e in
                for k in stride(from: s, through: e, by: 7) {
                    #expect(ByteKernels.keyCandidateEnd(p, k, e) == ByteKernels.keyCandidateEndScalar(p, k, e))
                }
            }
        }
    }

    @Test func literalSearchMatchesScalar() {
        var r = RNG(state: 5)
        let literals: [[UInt8]] = ["@", "%40", "&#64;", "&#x40;", "&commat;", "\\u0040", "ab", "x"].map { Array($0.utf8) }
        for _ in 0..<3000 {
            var bytes = Self.randomBytes(&r, r.int(60))
            if r.int(3) == 0, !bytes.isEmpty {
                // Plant a literal, maybe upper-cased.
                let t = r.pick(literals).map { r.int(2) == 0 ? asciiUpper($0) : $0 }
                bytes.insert(contentsOf: t, at: r.int(bytes.count))
            }
            let t = r.pick(literals)
            Self.atEveryAlignment(bytes) { p, s, e in
                #expect(LineRedactor.contains(p, s, e, literal: t) == ByteKernels.containsScalar(p, s, e, literal: t))
            }
        }
    }

    @Test func keyGateNeverHidesAKey() {
        let plan = RedactionPlan.intercom
        let gate = ByteKernels.KeyGate(keys: plan.keys, phoneWords: plan.phoneKeyWords)
        var r = RNG(state: 6)
        let parts = ["email", "Phone", "work_phone", "MOBILE", "fax", "name", "ip", "id", "custom_attributes", "ssn",
                     "x", "_", "ph", "mob", "type", "fa", "path", "mo"]
        for _ in 0..<5000 {
            let key = Array((0..<(1 + r.int(3))).map { _ in r.pick(parts) }.joined().utf8)
            key.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                if plan.keyID(p, 0, b.count) >= 0 { #expect(gate.mayBeKey(length: b.count)) }
                if plan.isPhoneKey(p, 0, b.count) { #expect(gate.mayHoldPhoneWord(p, 0, b.count)) }
            }
        }
    }

    // MARK: - The phone trigger covers every phone match

    static let phones = [
        "+44 20 7946 0958", "+1 (415) 555-0123", "+49 30 1234567", "+33 6 12 34 56 78", "+1-415-555-0123",
        "020 7946 0958", "(020) 7946 0958", "07700 900123", "030/123456", "0171 1234567", "06.12.34.56.78",
        "612 34 56 78", "612 345 678", "91 123 45 67", "333 1234567", "(11) 91234-5678", "55 1234 5678",
        "98765 43210", "415.555.0123", "415-555-0123", "(415) 555-0199", "1-415-555-0123", "8 (495) 123-45-67",
        "+442079460958", "%2B442079460958", "&#43;442079460958", "\\u002b442079460958", "+2026-11-23",
        "tel:+442079460958", "tel:02079460958", "Phone: 4155550123", "call me on 4155550123", "fax 0301234567",
        "mobile_number\":\"07700900123", "\"cell\":\"5551234567", "homePhone=4155550123", "whatsapp 5551234567",
        "020 7946 0958 ext. 204", "415-555-0123 x12", "telephone5551234567", "ph: 5551234567",
        "0044 20 7946 0958", "+49 (0)30 123456", "0 20 7946 0958", "020 - 12345678",
    ]
    static let lookalikes = [
        "2026-11-23", "2026-11-23T10:00:00.123Z", "2026/11/23", "2026.11.23", "1999-12-31 23:59:59",
        "23.11.2026", "192.168.100.200", "10.0.0.12:8080", "1795392000", "983944040", "6385d8310a2aa51146d237e8",
        "d23fd1628799feed", "550e8400-e29b-41d4-a716-446655440000", "/users/5581556", "/v1/0301234567",
        "HTTP/1.1\" 200 5123", "\" 200 90078 \"", "v1.27.1", "EUR 4613.00", "ORD-2026-000123", "1234567e",
        "1234567d", "1234567x", "1234567p", "1234567a", "00:00:38.503", "0.987",
    ]
    static let glue = ["", " ", "-", ".", "/", "\"", ":", "=", ", ", "+", "(", ")", "x", "a", "tel", "id ", "hotel ", "\\n", "%2b", "&#43;", "b"]

    static func phoneDetector() -> (index: Int, digits: Int)? {
        let plan = RedactionPlan.intercom
        guard let i = plan.detectors.firstIndex(where: { $0.spec.kind == "phone" }), let n = plan.detectors[i].spec.digitTrigger else { return nil }
        return (i, n)
    }

    @Test func builtinPhoneDetectorGetsTheShapedTrigger() throws {
        let d = try #require(LineRedactor.shapedPhoneDetector(.intercom))
        #expect(d.spec.kind == "phone")
        // A custom phone pattern gets the plain digit run.
        var policy = RedactionPolicy.intercom
        policy.detectors = policy.detectors.map { var s = $0; if s.kind == "phone" { s.pattern = "(?x) \\d{7,}" }; return s }
        #expect(LineRedactor.shapedPhoneDetector(try RedactionPlan(policy: policy)) == nil)
    }

    @Test func phoneTriggerFiresOnEveryPositiveExample() throws {
        let (index, n) = try #require(Self.phoneDetector())
        for ex in RedactionPlan.intercom.detectors[index].spec.positives {
            ex.line.withUnsafeBufferPointer { b in
                #expect(ByteKernels.phoneTriggerScalar(b.baseAddress!, lineStart: 0, 0, b.count, atLeast: n))
            }
        }
    }

    @Test func phoneTriggerCoversEveryMatch() throws {
        let (index, n) = try #require(Self.phoneDetector())
        var redactor = LineRedactor(plan: .intercom)
        var r = RNG(state: 7)
        var matched = 0
        for _ in 0..<6000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(5)) {
                line += Array(r.pick(Self.glue).utf8)
                line += Array((r.int(3) == 0 ? r.pick(Self.phones) : r.pick(Self.lookalikes)).utf8)
            }
            line += Array(r.pick(Self.glue).utf8)
            // The whole line, and random spans of it searched as the engine searches a span.
            var spans = [(0, line.count)]
            for _ in 0..<3 {
                let a = r.int(line.count + 1), b = r.int(line.count + 1)
                spans.append((min(a, b), max(a, b)))
            }
            for (a, b) in spans {
                let span = Array(line[a..<b])
                for m in redactor.detectorMatches(index, in: span) {
                    // The trigger's premise: a phone number holds a qualifying digit run. Where a match
                    // does not (an encoded plus whose digits the `digits` range counts, a ` - `
                    // separator), neither trigger can see it; that is the pattern's business.
                    let premise = span.withUnsafeBufferPointer { ByteKernels.digitRunScalar($0.baseAddress!, m.lowerBound, m.upperBound, atLeast: n) }
                    guard premise else { continue }
                    matched += 1
                    line.withUnsafeBufferPointer { buf in
                        let fires = ByteKernels.phoneTriggerScalar(buf.baseAddress!, lineStart: 0, a, b, atLeast: n)
                        #expect(fires, "the phone detector matches a span the trigger skips: \(text(span))")
                    }
                }
            }
        }
        #expect(matched > 1000)
    }

    /// The shaped trigger only saves work: the output is the same as with the plain digit run, on the
    /// oracle's generated lines and on lines of phone numbers, look-alikes and phone words.
    @Test func shapedTriggerNeverChangesTheOutput() {
        var lines: [[UInt8]] = []
        var o = OracleTests.RNG(state: 99)
        for _ in 0..<1500 { lines.append(Array(OracleTests.line(&o).0.utf8)) }
        var r = RNG(state: 8)
        let keys = ["\"msg\":\"", "\"phone\":\"", "\"cell\":\"", "\"id\":", "\"note\":\"call me ", "text=", "\"a\":\"x\\\"tel\\\":\\\""]
        for _ in 0..<6000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(5)) {
                if r.int(4) == 0 { line += Array(r.pick(keys).utf8) }
                line += Array(r.pick(Self.glue).utf8)
                line += Array((r.int(3) == 0 ? r.pick(Self.phones) : r.pick(Self.lookalikes)).utf8)
            }
            lines.append(line)
        }
        var input: [UInt8] = []
        for l in lines { input += l; input.append(0x0A) }
        var shaped = LineRedactor(plan: .intercom)
        var plain = LineRedactor(plan: .intercom, shapedPhoneTrigger: false)
        var a: [UInt8] = [], b: [UInt8] = []
        input.withUnsafeBytes { shaped.redactLines($0, into: &a); plain.redactLines($0, into: &b) }
        let outA = a.split(separator: 0x0A, omittingEmptySubsequences: false)
        let outB = b.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(outA.count == outB.count)
        var differ = 0
        for (i, (x, y)) in zip(outA, outB).enumerated() where x != y {
            differ += 1
            if differ <= 3 { Issue.record("line \(i): shaped \(text(Array(x))) | plain \(text(Array(y)))") }
        }
        #expect(differ == 0)
        #expect(a != input)  // the lines do hold phone numbers
    }
}
