import Testing
@_spi(Kernels) @testable import Redact
import RedactCorpus

/// The cheap-pass kernels against their scalar references (random inputs, every alignment), and the
/// phone trigger against the phone detector itself: wherever the detector matches, the trigger fires.
@Suite struct ByteKernelTests {
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

    /// The word mask `digitMask` (digit searches within a line) flags exactly the digits, every
    /// byte value at every position of a word, whatever its neighbours.
    @Test func wordMasksAreExact() {
        var r = RNG(state: 14)
        for _ in 0..<20 {
            var bytes = (0..<8).map { _ in UInt8(r.int(256)) }
            for b in 0...255 {
                for k in 0..<8 {
                    bytes[k] = UInt8(b)
                    var w: UInt64 = 0
                    for (i, x) in bytes.enumerated() { w |= UInt64(x) << UInt64(8 * i) }
                    let dig = ByteKernels.digitMask(w)
                    for i in 0..<8 {
                        #expect((dig >> UInt64(8 * i + 7)) & 1 == (ByteKernels.isDigit(bytes[i]) ? 1 : 0))
                    }
                    #expect(dig & ~ByteKernels.highs == 0)
                }
            }
        }
    }

    /// The vector masks of a 64-byte block (digits, run separators, colons; a string's specials in
    /// the first 32) give each byte's class,
    /// for every byte value at every position, whatever its neighbours.
    @Test func vectorMasksAreExact() {
        var r = RNG(state: 15)
        for _ in 0..<4 {
            var bytes = (0..<64).map { _ in UInt8(r.int(256)) }
            for b in 0...255 {
                for k in 0..<64 {
                    let saved = bytes[k]
                    bytes[k] = UInt8(b)
                    bytes.withUnsafeBytes { q in
                        let dig = ByteKernels.digitBits(q.baseAddress!)
                        let sep = ByteKernels.separatorBits(q.baseAddress!)
                        let colons = ByteKernels.equalBits64(q.baseAddress!, 0x3A)
                        let specials = ByteKernels.escapedSpecialBits32(q.baseAddress!)
                        var wantDig: UInt64 = 0, wantSep: UInt64 = 0, wantColons: UInt64 = 0, wantSpecials: UInt64 = 0
                        for i in 0..<64 {
                            if ByteKernels.isDigit(bytes[i]) { wantDig |= 1 << UInt64(i) }
                            if ByteKernels.isRunSeparator(bytes[i]) { wantSep |= 1 << UInt64(i) }
                            if bytes[i] == 0x3A { wantColons |= 1 << UInt64(i) }
                            if i < 32 && [0x5C, 0x7B, 0x7D, 0x5B, 0x5D].contains(bytes[i]) { wantSpecials |= 1 << UInt64(i) }
                        }
                        #expect(dig == wantDig)
                        #expect(sep == wantSep)
                        #expect(colons == wantColons)
                        #expect(specials == wantSpecials)
                    }
                    bytes[k] = saved
                }
            }
        }
    }

    /// The phone gate's digit groups from one 16-byte load are those of the group-by-group walk,
    /// for every run of digits and separators up to 16 bytes, whatever follows it in the buffer.
    @Test func groupShapeFromBitsMatchesTheWalk() {
        var r = RNG(state: 31)
        let separators = Array(" ()+-./".utf8)
        for _ in 0..<60_000 {
            let length = 1 + r.int(16)
            var run = (0..<length).map { _ in r.chance(70) ? UInt8(48 + r.int(10)) : r.pick(separators) }
            run[0] = UInt8(48 + r.int(10))
            run[length - 1] = r.chance(80) ? UInt8(48 + r.int(10)) : run[length - 1]
            if r.chance(20) { run[r.int(length)] = 0x30 }
            let lead = r.int(3)
            let buffer = Self.randomBytes(&r, lead) + run + Self.randomBytes(&r, 16)
            buffer.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                let bits = LineRedactor.GroupShape(bitsOf: p, lead, lead + length)
                let walk = LineRedactor.GroupShape(walking: p, lead, lead + length)
                #expect(bits == walk, "\(String(decoding: run, as: UTF8.self))")
            }
        }
    }

    @Test func digitRunMatchesScalar() {
        var r = RNG(state: 2)
        for _ in 0..<3000 {
            let bytes = Self.randomBytes(&r, r.int(90))
            let n = 1 + r.int(9)
            Self.atEveryAlignment(bytes) { p, s, e in
                #expect(ByteKernels.digitRun(p, s, e, atLeast: n) == ByteKernels.digitRunScalar(p, s, e, atLeast: n))
                #expect(ByteKernels.digitRun(p, s, e, atLeast: n) == ByteKernels.digitRunScalar(p, s, e, atLeast: n))
            }
        }
    }

    @Test func nextDigitRunMatchesScalar() {
        var r = RNG(state: 3)
        let tokens = Self.lookalikes + Self.phones + Self.glue
        for round in 0..<4000 {
            // Half random bytes, half lines made of tokens (dates, ids, phone numbers...).
            var bytes: [UInt8] = []
            if round % 2 == 0 {
                bytes = Self.randomBytes(&r, r.int(90))
            } else {
                for _ in 0..<(1 + r.int(6)) { bytes += Array(r.pick(tokens).utf8) }
            }
            let n = 1 + r.int(9)
            Self.atEveryAlignment(bytes) { p, s, e in
                var from = s
                // Every run in turn, as the phone search walks them.
                while true {
                    let fast = ByteKernels.nextDigitRun(p, from, e, atLeast: n)
                    let slow = ByteKernels.nextDigitRunScalar(p, from, e, atLeast: n)
                    #expect(fast?.start == slow?.start && fast?.end == slow?.end, "round \(round)")
                    guard let run = slow else { break }
                    from = run.end
                }
            }
        }
    }

    /// All runs of a buffer at once (64-byte blocks, runs across block edges, the short last block)
    /// against `nextDigitRunScalar` called run after run.
    @Test func digitRunsMatchScalar() {
        var r = RNG(state: 4)
        let tokens = Self.lookalikes + Self.phones + Self.glue + ["    ", "1234567890123456789012345678901234567890", "\n", "   -",
                                                                 String(repeating: "x", count: 70), String(repeating: " ", count: 66),
                                                                 String(repeating: "- ", count: 40), String(repeating: "1 ", count: 40)]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            if round % 2 == 0 {
                bytes = Self.randomBytes(&r, r.int(300))
            } else {
                for _ in 0..<(1 + r.int(20)) { bytes += Array(r.pick(tokens).utf8) }
            }
            let n = round % 50 == 0 ? 60 + r.int(20) : 1 + r.int(9)
            Self.atEveryAlignment(bytes) { p, s, e in
                var expected: [ByteKernels.DigitRun] = []
                var from = s
                while let run = ByteKernels.nextDigitRunScalar(p, from, e, atLeast: n) {
                    var digits = 0
                    for i in run.start..<run.end where ByteKernels.isDigit(p[i]) { digits += 1 }
                    expected.append(.init(start: run.start - s, end: run.end - s, digits: digits))
                    from = run.end
                }
                var runs: [ByteKernels.DigitRun] = []
                ByteKernels.digitRuns(p + s, e - s, atLeast: n, into: &runs)
                #expect(runs == expected, "round \(round), n \(n)")
            }
        }
    }

    /// Buffers with hundreds of runs (more than `digitRuns` batches at a time), some segments long
    /// enough but short of digits, against the scalar reference.
    @Test func manyDigitRunsMatchScalar() {
        var r = RNG(state: 23)
        for round in 0..<40 {
            var bytes: [UInt8] = []
            while bytes.count < 6000 {
                bytes += Array(r.pick(["1234567 ", "12.34.56 ", "2026-11-23 ", "+44 20 7946 0958\n", "x", "987654321", "1-2-3-4-5 "]).utf8)
            }
            let n = 1 + round % 9
            var expected: [ByteKernels.DigitRun] = []
            var runs: [ByteKernels.DigitRun] = []
            bytes.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                var from = 0
                while let run = ByteKernels.nextDigitRunScalar(p, from, b.count, atLeast: n) {
                    var digits = 0
                    for i in run.start..<run.end where ByteKernels.isDigit(p[i]) { digits += 1 }
                    expected.append(.init(start: run.start, end: run.end, digits: digits))
                    from = run.end
                }
                ByteKernels.digitRuns(p, b.count, atLeast: n, into: &runs)
            }
            #expect(expected.count > 64)
            #expect(runs == expected, "round \(round), n \(n)")
        }
    }

    /// The key before a colon, found 8 bytes at a time, against the byte-by-byte reference.
    @Test func keyBeforeColonMatchesScalar() {
        var r = RNG(state: 12)
        let pieces = ["\"", "\\\"", "\\", ":", " ", "\\n", "email", "created_at", "a_key_longer_than_sixty_five_bytes_"
                      + "so_that_the_floor_applies_to_it_xx", "x", "{", "\t", "0", "é"]
        for round in 0..<6000 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + r.int(10)) { bytes += Array(r.pick(pieces).utf8) }
            if round % 2 == 0 { bytes += Array("\":".utf8) }
            Self.atEveryAlignment(bytes) { p, s, e in
                var i = s
                while i < e {
                    if p[i] == 0x3A {
                        let fast = ByteKernels.keyBeforeColon(p, s, i), slow = ByteKernels.keyBeforeColonScalar(p, s, i)
                        #expect(fast?.start == slow?.start && fast?.end == slow?.end, "round \(round)")
                    }
                    i += 1
                }
            }
        }
    }

    @Test func phoneHintMatchesScalar() {
        var r = RNG(state: 9)
        let words = ["ph", "PH", "tel", "Tel", "mob", "mov", "cel", "handy", "gsm", "fax", "msisdn", "whats", "sms",
                     "wa.me", "call", "text", "ring", "reach", "contact", "Call Me", "text  us", "ring me", "reach us",
                     "contact me", "callme", "p", "te", "wa", "w", "\u{e9}", " ", "x", "0", ".", "\u{0e}"]
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<(r.int(8)) { bytes += Array(r.pick(words).utf8) }
            if r.int(2) == 0 { bytes += Self.randomBytes(&r, r.int(10)) }
            let meOrUs = r.int(2) == 0
            Self.atEveryAlignment(bytes) { p, s, e in
                let cut = s + (e > s ? r.int(e - s + 1) : 0)
                #expect(ByteKernels.hasPhoneHint(p, s, cut, meOrUs: meOrUs) == LineRedactor.hasPhoneHintScalar(p, s, cut, meOrUs: meOrUs))
            }
        }
    }

    /// The context walk accepts what the phone pattern's H alternative accepts before a number, and
    /// is stricter than a hint anywhere in the window (it never accepts where that test refuses).
    @Test func phoneContextBeforeTheNumber() {
        let yes = ["tel: ", "Tel.", "Phone number: ", "phone_no=", "call me on ", "TEXT US at ", "contact us: ",
                   "\"mobile_number\":\"", "\\\"phone\\\":\\\"", "wa.me/", "whatsapp:+", "fax %2B", "homePhone=",
                   "電話：", "тел. ", "Tél : ", "cell (", "msisdn&#43;", "SMS to ", "tel 555 1234 ext. ", "ph: 020 7946, x",
                   "Telefon: ", "cellphone ", "homePhoneNumber=", "contact me on: "]
        let no = ["id=", "graph ", "ts=", "order ", "call ", "\"created_at\":", "tel: 12 ab ", "phone 12:", "{", "contact ",
                  "see 555 1234 ext. ", "texted ", "recall me ", "wa.m", "mytel: "]
        for (cases, expected) in [(yes, true), (no, false)] {
            for c in cases {
                let bytes = Array(c.utf8) + Array("5551234567".utf8)
                bytes.withUnsafeBufferPointer { b in
                    let got = ByteKernels.phoneContextBefore(b.baseAddress!, 0, bytes.count - 10)
                    #expect(got == expected, "\(c)")
                }
            }
        }
        var r = RNG(state: 13)
        let words = ["tel", "phone", "call", "me", "us", "on", "x", "ext", "graph", "id", "number", "wa", ".me", "電話"]
        for _ in 0..<20_000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(6)) {
                line += r.int(2) == 0 ? Array(r.pick(words).utf8) : Self.randomBytes(&r, 1 + r.int(4))
            }
            line.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                for x in 0...line.count where ByteKernels.phoneContextBefore(p, 0, x) {
                    #expect(ByteKernels.hasPhoneHint(p, 0, x, meOrUs: false), "\(text(line)) at \(x)")
                }
            }
        }
    }

    /// `phoneContextStart` gives the phone word's first byte (a non-ASCII context: the window's start;
    /// no context: nil).
    @Test func phoneContextStartsAtThePhoneWord() {
        let cases: [(String, Int?)] = [("x Phone number: ", 2), ("id 7, call me on ", 6), ("ts homePhone=", 3),
                                       ("電話：", 0), ("order ", nil), ("tel 555 1234 ext. ", 0), ("a TEXT US at ", 2)]
        for (prefix, expected) in cases {
            let b = Array(prefix.utf8) + Array("5551234567".utf8)
            b.withUnsafeBufferPointer { q in
                #expect(ByteKernels.phoneContextStart(q.baseAddress!, 0, b.count - 10) == expected, "\(prefix)")
            }
        }
    }

    @Test func nextByteMatchesBytewise() {
        var r = RNG(state: 13)
        for round in 0..<3000 {
            let bytes = Self.randomBytes(&r, r.int(120))
            let byte = r.pick(Array("\"\\:@0 ".utf8))
            Self.atEveryAlignment(bytes) { p, s, e in
                var from = s
                while true {
                    var want = from
                    while want < e && p[want] != byte { want += 1 }
                    #expect(ByteKernels.nextByte(p, from, e, byte) == want, "round \(round)")
                    if want == e { break }
                    from = want + 1
                }
                // With the whole buffer readable (the 32-byte mask), up to every end: what lies
                // past the end (the byte too) never counts.
                for end in stride(from: s, through: e, by: 3) {
                    for from in stride(from: s, through: end, by: 5) {
                        var want = from
                        while want < end && p[want] != byte { want += 1 }
                        #expect(ByteKernels.nextByte(p, from, end, byte, readable: e + 16) == want, "round \(round)")
                    }
                }
            }
        }
    }

    @Test func hasDigitsMatchesBytewise() {
        var r = RNG(state: 15)
        for round in 0..<3000 {
            let bytes = Self.randomBytes(&r, r.int(60))
            let n = r.int(12)
            Self.atEveryAlignment(bytes) { p, s, e in
                var count = 0
                for i in s..<e where ByteKernels.isDigit(p[i]) { count += 1 }
                #expect(ByteKernels.hasDigits(p, s, e, atLeast: n) == (count >= n), "round \(round)")
            }
        }
    }

    @Test func nextJSONSpecialMatchesBytewise() {
        var r = RNG(state: 17)
        let bytes: [UInt8] = Array("ab\"\\{}[]zZ;{[ \u{7f}".utf8) + [0x5B | 0x80, 0x7B ^ 0x01, 0x3B, 0xFB, 0xDB, 0x1B]
        for _ in 0..<5_000 {
            let n = r.int(40)
            let line = (0..<n).map { _ in r.int(3) == 0 ? r.pick(bytes) : UInt8(ascii: "a") }
            for quote in [true, false] {
                let special: Set<UInt8> = [0x7B, 0x7D, 0x5B, 0x5D, quote ? 0x22 : 0x5C]
                Self.atEveryAlignment(line) { p, s, e in
                    for from in s...e {
                        var want = from
                        while want < e && !special.contains(p[want]) { want += 1 }
                        #expect(ByteKernels.nextJSONSpecial(p, from, e, quote: quote) == want)
                    }
                    // Searching up to an earlier end with the rest of the line readable: what lies
                    // past the end (specials too) never counts.
                    for end in s...e {
                        for from in Swift.max(s, end - 9)...end {
                            var want = from
                            while want < end && !special.contains(p[want]) { want += 1 }
                            #expect(ByteKernels.nextJSONSpecial(p, from, end, readable: e, quote: quote) == want)
                        }
                    }
                }
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
                #expect((LineRedactor.firstOccurrence(p, s, e, literal: t) != nil) == ByteKernels.containsScalar(p, s, e, literal: t))
            }
        }
    }

    /// The start of a logfmt key before `=` from one 16-byte class mask, against the byte loop, for
    /// every end and floor.
    @Test func identStartMatchesScalar() {
        var r = RNG(state: 22)
        let pieces = ["user_email", "x", "a.b-c_d", "0", " ", "=", "\"", ":", "é", "ZZ", "req_id", "[", "~", "@",
                      "a_rather_long_logfmt_key_name"]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + r.int(8)) { bytes += Array(r.pick(pieces).utf8) }
            Self.atEveryAlignment(bytes) { p, s, e in
                for end in s...e {
                    for floor in [s, Swift.max(s, end - 3), Swift.max(s, end - 17)] {
                        #expect(LineRedactor.identStart(p, floor, end) == LineRedactor.identStartScalar(p, floor, end),
                                "round \(round)")
                    }
                }
            }
        }
    }

    /// The phone gate's ISO date test (two loads, no branch per byte) against the byte-by-byte rule.
    @Test func isoDateMatchesBytewise() {
        func reference(_ p: UnsafePointer<UInt8>, _ q: Int, _ end: Int) -> Bool {
            end - q >= 10 && (p[q] == UInt8(ascii: "1") || p[q] == UInt8(ascii: "2"))
                && (p[q + 1] == UInt8(ascii: "9") || p[q + 1] == UInt8(ascii: "0"))
                && ByteKernels.isDigit(p[q + 2]) && ByteKernels.isDigit(p[q + 3]) && p[q + 4] == p[q + 7]
                && (p[q + 4] == UInt8(ascii: "-") || p[q + 4] == UInt8(ascii: "/") || p[q + 4] == UInt8(ascii: "."))
                && ByteKernels.isDigit(p[q + 5]) && ByteKernels.isDigit(p[q + 6])
                && ByteKernels.isDigit(p[q + 8]) && ByteKernels.isDigit(p[q + 9])
        }
        var r = RNG(state: 20)
        let bytes: [UInt8] = Array("0123456789012-./:, T".utf8) + [0x2C, 0x2B, 0x3A, 0xD0]
        let dates = ["2026-11-23", "1999/01/31", "2026.11.23", "2026-11/23", "3026-11-23", "2126-11-23", "2026-1-123"]
        for round in 0..<20_000 {
            var run: [UInt8] = round % 3 == 0 ? Array(r.pick(dates).utf8) : []
            if round % 5 == 0, !run.isEmpty { run[r.int(run.count)] = r.pick(bytes) }
            run += (0..<r.int(8)).map { _ in r.pick(bytes) }
            if round % 3 != 0 { run += (0..<r.int(6)).map { _ in r.pick(bytes) } }
            Self.atEveryAlignment(run) { p, s, e in
                #expect(LineRedactor.isISODate(p, s, e) == reference(p, s, e), "round \(round)")
            }
        }
    }

    /// A first byte followed by one of up to four seconds, 16 positions at a time, against the
    /// byte-by-byte reference, from every position, with pairs planted at block edges.
    @Test func nextPairMatchesScalar() {
        var r = RNG(state: 18)
        let firsts: [UInt8] = Array("\\%&#".utf8)
        let secondChoices: [[UInt8]] = [Array("u".utf8), Array("uU".utf8), Array("42".utf8), Array("60xX".utf8), Array("cC".utf8)]
        for round in 0..<2000 {
            var bytes = Self.randomBytes(&r, r.int(80))
            let first = r.pick(firsts)
            let seconds = r.pick(secondChoices)
            for _ in 0..<r.int(4) where !bytes.isEmpty {
                bytes.insert(contentsOf: [first, r.int(4) == 0 ? UInt8(ascii: "z") : r.pick(seconds)], at: r.int(bytes.count))
            }
            if r.int(3) == 0 { bytes += [first] }   // a first byte with nothing after it
            let set = ByteKernels.PairSeconds(seconds)!
            Self.atEveryAlignment(bytes) { p, s, e in
                for from in s...e {
                    #expect(ByteKernels.nextPair(p, from, e, first, set) == ByteKernels.nextPairScalar(p, from, e, first, set),
                            "round \(round)")
                }
            }
        }
        #expect(ByteKernels.PairSeconds([]) == nil && ByteKernels.PairSeconds(Array("abcde".utf8)) == nil)
    }

    /// Four bytes at fixed offsets (the escaped `<` of tags: `\u003c`, `&lt;`), 64 and 16 positions
    /// at a time, and past the end where the buffer may be read, against the position loop: from
    /// every start, at every alignment, with probes and their near misses planted at random, also
    /// across block edges and at the end.
    @Test func nextProbeMatchesScalar() {
        var r = RNG(state: 27)
        let probes = [LineRedactor.unicodeOpen, LineRedactor.entityOpen]
        let plants: [[UInt8]] = ["\\u003c", "\\u003C", "\\\\u003c", "\\u003e", "\\u0033c", "\\u003", "&lt;", "&LT;", "&Lt",
                                 "&gt;", "&l;", "&lt"].map { Array($0.utf8) }
        for round in 0..<600 {
            var bytes = Self.randomBytes(&r, r.int(150))
            for _ in 0..<r.int(4) {
                bytes.insert(contentsOf: r.pick(plants), at: bytes.isEmpty ? 0 : r.int(bytes.count))
            }
            if r.int(3) == 0 { bytes += r.pick(plants).dropLast(r.int(3)) }
            for probe in probes {
                Self.atEveryAlignment(bytes) { p, s, e in
                    for from in s...e {
                        let expected = ByteKernels.nextProbeScalar(p, from, e, probe)
                        #expect(ByteKernels.nextProbe(p, from, e, probe) == expected, "round \(round)")
                        #expect(ByteKernels.nextProbe(p, from, e, probe, readable: e + 16) == expected, "round \(round)")
                    }
                }
            }
        }
    }

    /// The colon of a key without quotes (`name: `), 16 positions at a time and past the end where
    /// the buffer may be read, against the byte loop: at every alignment, from every start, with a
    /// floor, and with colons, spaces and quotes right after the end.
    /// The colon kernels against their references, from every start, with and without reading
    /// past the end.
    @Test func keyColonKernelsMatchScalar() {
        var r = RNG(state: 23)
        let pieces: [[UInt8]] = [": ", "a: ", "\": ", ":", " ", "name", "\"", "1: ", "_: ", "é: ", ":: ", "a:", "Name:",
                                 "\":", "1:", "Z:b", "é:", "{"].map { Array($0.utf8) }
        let kernels: [(fast: (UnsafePointer<UInt8>, Int, Int, Int, Int) -> Int, scalar: (UnsafePointer<UInt8>, Int, Int, Int) -> Int)] = [
            ({ ByteKernels.nextBareKeyColon($0, $1, $2, floor: $3, readable: $4) }, ByteKernels.nextBareKeyColonScalar),
            ({ ByteKernels.nextTextKeyColon($0, $1, $2, floor: $3, readable: $4) }, ByteKernels.nextTextKeyColonScalar),
        ]
        for round in 0..<1500 {
            var bytes: [UInt8] = []
            for _ in 0..<r.int(12) { bytes += r.chance(50) ? r.pick(pieces) : Self.randomBytes(&r, r.int(6)) }
            let tail = Array(r.pick(["a: a: a: a: a: a: a: a: a: ", "zzzzzzzzzzzzzzzzzzzzzzzz", " : \": : :  :", "a:a:a:a:a:a:a:a:a:a:"]).utf8)
            for offset in 0..<16 {
                let buf = [UInt8](repeating: UInt8(ascii: "x"), count: offset) + bytes + tail
                buf.withUnsafeBufferPointer { b in
                    let p = b.baseAddress!, s = offset, e = offset + bytes.count
                    let floor = s + r.int(3)
                    for from in s...e {
                        for k in kernels {
                            let want = k.scalar(p, from, e, floor)
                            #expect(k.fast(p, from, e, floor, 0) == want, "round \(round)")
                            #expect(k.fast(p, from, e, floor, buf.count) == want, "round \(round)")
                        }
                    }
                }
            }
        }
    }

    /// A trigger group's occurrences are the same whether candidates come from the pair search or
    /// from memchr on the first byte alone.
    @Test func triggerOccurrencesByPairsMatchByFirstByte() {
        var r = RNG(state: 19)
        let triggers: [[UInt8]] = ["@", "%40", "%2540", "#64;", "#064;", "#x40;", "&commat;", "\\u0040", "＠"].map { Array($0.utf8) }
        let groups = LineRedactor.TriggerGroup.groups(triggers)
        #expect(groups.contains { $0.pairs != nil } && groups.contains { $0.pairs == nil })
        for round in 0..<2000 {
            var bytes = Self.randomBytes(&r, r.int(100))
            for _ in 0..<r.int(5) where !bytes.isEmpty {
                let t = r.pick(triggers).map { r.int(2) == 0 ? asciiUpper($0) : $0 }
                bytes.insert(contentsOf: r.int(4) == 0 ? Array(t.prefix(2)) : t, at: r.int(bytes.count))
            }
            Self.atEveryAlignment(bytes) { p, s, e in
                for g in groups {
                    var byFirst = g
                    byFirst.pairs = nil
                    let lists = HitLists(count: 2)
                    LineRedactor.occurrences(p, s, e, byFirst, into: lists, 0)
                    LineRedactor.occurrences(p, s, e, g, into: lists, 1)
                    #expect(lists[1].map { [$0.start, $0.end] } == lists[0].map { [$0.start, $0.end] }, "round \(round)")
                }
            }
        }
    }

    /// The cheap pass's per-detector hit lists: appends past the first capacity keep every hit in
    /// order, emptying one list leaves the others, and sorting orders by start.
    @Test func hitListsGrowEmptyAndSort() {
        let lists = HitLists(count: 3, capacity: 2)
        for k in 0..<100 { lists.append(Hit(start: 1000 - k, end: 1001 - k), to: 1) }
        lists.append(Hit(start: 7, end: 8), to: 2)
        #expect(lists[1].map(\.start) == (0..<100).map { 1000 - $0 })
        lists.sortByStart(1)
        #expect(lists[1].map(\.start) == (901...1000).map { $0 })
        lists.removeAll(1)
        #expect(lists[1].isEmpty && lists[0].isEmpty)
        #expect(lists[2].map(\.start) == [7])
        lists.append(Hit(start: 3, end: 4), to: 1)
        #expect(lists[1].map(\.end) == [4])
    }

    /// The line's edit lists: growth, the last value, changing one in place, keeping a prefix,
    /// appending a buffer, sorting, iterating.
    @Test func scratchListsBehaveLikeArrays() {
        let list = ScratchList<Edit>(capacity: 1)
        var model: [Edit] = []
        for k in 0..<50 {
            let e = Edit(start: (k * 37) % 50, end: (k * 37) % 50 + 1, kind: Int32(k), quoteLevel: -1)
            list.append(e); model.append(e)
        }
        #expect(list.count == 50 && list.last?.kind == 49)
        list[3].end = 99; model[3].end = 99
        list.truncate(to: 20); model.removeSubrange(20...)
        model.withUnsafeBufferPointer { list.append(contentsOf: $0) }
        model += model
        list.sort { $0.start < $1.start }; model.sort { $0.start < $1.start }
        #expect(list.map { [$0.start, $0.end, Int($0.kind)] } == model.map { [$0.start, $0.end, Int($0.kind)] })
        list.removeAll()
        #expect(list.isEmpty && list.last == nil)
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

    // Tokens for lines that look like logs.
    static let phones = [
        "+44 20 7946 0958", "+1 (415) 555-0123", "+49 30 1234567", "+33 6 12 34 56 78", "+1-415-555-0123",
        "020 7946 0958", "(020) 7946 0958", "07700 900123", "030/123456", "0171 1234567", "06.12.34.56.78",
        "612 34 56 78", "98765 43210", "415.555.0123", "8 (495) 123-45-67", "%2B442079460958", "020 - 12345678",
    ]
    static let lookalikes = [
        "2026-11-23", "2026-11-23T10:00:00.123Z", "2026/11/23", "1999-12-31 23:59:59", "23.11.2026",
        "192.168.100.200", "10.0.0.12:8080", "1795392000", "983944040", "6385d8310a2aa51146d237e8",
        "550e8400-e29b-41d4-a716-446655440000", "/users/5581556", "HTTP/1.1\" 200 5123", "v1.27.1",
        "EUR 4613.00", "ORD-2026-000123", "00:00:38.503", "0.987", "        ", "((((", "1 2 3 4 5 6 7 8 9",
    ]
    static let glue = ["", " ", "-", ".", "/", "\"", ":", "=", ", ", "+", "(", ")", "x", "a", "   ", "\\n"]

    /// The refined phone gate only saves work: the output is the same as with the lead's gate alone,
    /// on the oracle's generated lines, on lines of phone numbers, look-alikes and context words,
    /// and on the project's corpus.
    ///
    /// Also checked by hand with seed 12345, 40,000 token lines and corpus seed 77 (48,000 lines):
    /// no difference. A possible one, seen with an earlier version of the lead's gate: the windowed
    /// search re-searches 24 bytes before every candidate run, and a search restarted there can find
    /// a second number overlapping the first (`8 (495) 123-45-67 301 1234567`), so the redacted
    /// extent can depend on which runs are candidates.
    @Test func refinedPhoneGateNeverChangesTheOutput() {
        var lines: [[UInt8]] = []
        var o = RNG(state: 99)
        for _ in 0..<1500 { lines.append(Array(OracleTests.line(&o).0.utf8)) }
        var r = RNG(state: 8)
        let context = ["\"msg\":\"", "\"phone\":\"", "\"cell\":\"", "\"id\":", "call me ", "contact us: ", "text=",
                       "tel:", "ORD-", "ip-", "upstream=", "\" ", "GET /x HTTP/1.1\" ", "\\n", "%2B", "&#43;", "\\u002b",
                       "contact ", "called ", "ring-", "reached "]
        let extra = ["10.0.0.12", "172.16.1.2:8080", "01.23.45.67.", "200 5123", "404 114866", "2026-229612",
                     "1795391982.123", "10-0-1-23", "301 1234567", "200 612 34 56 78", "572-5136377-6930460",
                     "306-7467201-4173269", "123-45678901", "123.456789.12", "1-555-1234567", "55 91234-567890"]
        // Numbers whose groups are joined by ` - ` (three separators) hold no digit run as the gate
        // counts them, so neither gate finds them except by luck (a window searched for another
        // run); they are left out here (a known gap of the `digits:N` run definition).
        let phones = Self.phones.filter { !$0.contains(" - ") }
        for _ in 0..<8000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(5)) {
                if r.int(3) == 0 { line += Array(r.pick(context).utf8) }
                line += Array(r.pick(Self.glue).utf8)
                let pool = r.int(3) == 0 ? phones : (r.int(2) == 0 ? Self.lookalikes : extra)
                line += Array(r.pick(pool).utf8)
            }
            lines.append(line)
        }
        lines += corpusLines(seed: 5, mixes: [.production, .dense, .json, .text], atLeast: 1500)
        var refined = LineRedactor(plan: .intercom)
        var plain = LineRedactor(plan: .intercom)
        plain.refinedPhoneGate = false
        #expect(differingLines(lines, &refined, &plain, names: ("refined", "plain")) == 0)
        #expect(refined.stats.redactions > 1000)
    }
}
