import Testing
@_spi(Kernels) @testable import Redact

/// The key memo answers exactly what the plan answers, whatever the key, its length, where it lies
/// in the buffer (next to the buffer's end it is read byte by byte) and whatever shared its slot.
@Suite struct KeyMemoTests {
    static let words = ["email", "name", "phone", "Phone", "homePhone", "mobile_number", "type", "id", "created_at",
                        "ip_address", "location", "ssn", "address", "custom_attributes", "tel", "hotel", "fax_no",
                        "e", "", "x", "cellular", "whatsapp", "EMAIL", "a_rather_long_key_name_of_30_b", "emailx"]

    @Test(arguments: [1, 4, 9]) func answersAsThePlanDoes(slotBits: Int) {
        let plan = RedactionPlan.intercom
        let memo = KeyMemo(plan: plan, gate: ByteKernels.KeyGate(keys: plan.keys, phoneWords: plan.phoneKeyWords), slotBits: slotBits)
        var r = RNG(state: 11)
        var lookups = 0
        for round in 0..<20_000 {
            var key: [UInt8]
            if round % 4 == 3 {
                // The same first 16 bytes, the rest decides (some such keys share a slot).
                key = Array("customer_contact".utf8) + Array(r.pick(["fax", "tel", "phone", "mob", "xyz", "abc", "name"]).utf8)
                    + (0..<r.int(3)).map { _ in r.pick(Array("ab_".utf8)) }
            } else if round % 3 == 0 {
                key = (0..<r.int(30)).map { _ in r.pick(Array("abcdefghilmnoprstuxyz_EPN0123".utf8)) }
            } else {
                key = Array(r.pick(Self.words).utf8)
                if r.chance(20) { key += Array(r.pick(Self.words).utf8) }
            }
            // The key at the end of its buffer, or followed by `":` and padding.
            let tail: [UInt8] = r.chance(30) ? [] : Array("\": 1, \"more\": 2}".utf8)
            let buffer = Array("{\"".utf8) + key + tail
            buffer.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                let s = 2, e = 2 + key.count
                let v = memo.verdict(p, s, e, bufferEnd: b.count)
                lookups += 1
                #expect(v.id == plan.keyID(p, s, e), "round \(round)")
                #expect(v.phone == plan.isPhoneKey(p, s, e), "round \(round)")
            }
        }
        #expect(memo.hits <= lookups)
        // Repeated keys are answered from the memo (with enough slots).
        if slotBits >= 9 { #expect(memo.hits > lookups / 3) }
    }
}

/// The context memo answers exactly what the context walk answers, for every number position and
/// window start, whatever came before in other lines; repeated contexts are answered from it.
@Suite struct ContextMemoTests {
    static let pieces = ["tel: ", "Tel.", "phone_no=", "call me on ", "TEXT US at ", "\"mobile_number\":\"", "wa.me/",
                         "fax %2B", "電話：", "ext. ", "x", "\"created_at\":", "\"updated_at\":", ",\"id\":\"", "order ",
                         " ", "=", "\":", "at ", "on ", "number ", "+", "&#43;", "(", "graph ", "me ", "us "]

    @Test func answersAsTheWalkDoes() {
        var r = RNG(state: 21)
        let memo = ContextMemo()
        var lookups = 0
        for round in 0..<6_000 {
            // A line of pieces, random bytes and digits; long enough that most numbers have 16 bytes before them.
            var line: [UInt8] = []
            for _ in 0..<(2 + r.int(10)) {
                switch r.int(4) {
                case 0: line += Array(r.pick(Self.pieces).utf8)
                case 1: line += (0..<(1 + r.int(3))).map { _ in r.pick(Array("abcdefghilmnoprstuxz_ \"-:.,".utf8)) }
                case 2: line += Array(String(r.int(1_000_000)).utf8)
                default: line += Array(r.pick(Self.pieces).utf8) + Array(r.pick(Self.pieces).utf8)
                }
            }
            line.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                for x0 in 0...line.count {
                    for s in [0, Swift.max(0, x0 - 16), Swift.max(0, x0 - r.int(40)), x0] {
                        lookups += 1
                        #expect(memo.phoneContextBefore(p, s, x0) == ByteKernels.phoneContextBefore(p, s, x0),
                                "round \(round): \(String(decoding: line, as: UTF8.self)) s \(s) x0 \(x0)")
                    }
                }
            }
        }
        #expect(memo.hits > lookups / 4)
    }

    /// The lowest position the walk reports covers every byte its answer depends on: changing any
    /// byte below it, or moving the window start down to it, never changes the answer.
    @Test func lowCoversWhatTheAnswerDependsOn() {
        var r = RNG(state: 22)
        for _ in 0..<4_000 {
            var line: [UInt8] = []
            for _ in 0..<(2 + r.int(8)) {
                line += r.chance(60) ? Array(r.pick(ContextMemoTests.pieces).utf8)
                    : (0..<(1 + r.int(4))).map { _ in r.pick(Array("abcdefghilmnoprstuxz_ \"-:.,0123456789".utf8)) }
            }
            let x0 = line.count
            let s = r.int(x0 + 1)
            var reached = false, low = x0
            let answer = line.withUnsafeBufferPointer { ByteKernels.phoneContextBefore($0.baseAddress!, s, x0, reached: &reached, low: &low) }
            guard !reached else { continue }
            var changed = line
            for k in 0..<low { changed[k] = r.pick(Array("tel phone+&#43;電".utf8)) }
            changed.withUnsafeBufferPointer { b in
                for s2 in [0, low, Swift.max(0, low - 3)] {
                    #expect(ByteKernels.phoneContextBefore(b.baseAddress!, s2, x0) == answer,
                            "\(String(decoding: line, as: UTF8.self)) low \(low)")
                }
            }
        }
    }
}

/// The key-end memos answer exactly what the key search before a colon answers (`keyBeforeColon`,
/// then the plan's verdict on the key) for every colon after a quote, and what the logfmt key
/// search answers (`identStart`) for every `=`, whatever the line's start and whatever came
/// before; and the cheap pass with them gives the engine's output without them.
@Suite struct BytesBeforeMemoTests {
    static let keys = ["email", "name", "phone", "type", "id", "created_at", "updated_at", "ip_address", "location",
                       "mobile_number", "x", "", "a_key_of_exactly_22_by", "a_key_of_exactly_23_byt", "customer_phone_no",
                       "hotel", "telemetry_id", "app_id", "user_id", "admin_assignee_id"]
    static let quotes = ["\"", "\\\"", "\\\\\\\"", "\\"]
    static let before = ["{", ",", " ", "\"", "\\", "[", "x", ":", "\\\\", "\\n"]
    static let between = ["", "", "", " ", "\\n", "\\\\n", "\t"]

    @Test func answersAsTheKeySearchDoes() {
        let plan = RedactionPlan.intercom
        let memo = BytesBeforeMemo()
        var r = RNG(state: 31)
        var checked = 0, known = 0
        for _ in 0..<8_000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(8)) {
                let q = Array(r.pick(Self.quotes).utf8)
                line += Array(r.pick(Self.before).utf8) + q + Array(r.pick(Self.keys).utf8) + q
                    + Array(r.pick(Self.between).utf8) + [0x3A] + Array(r.pick(["1", "\"v\"", " ", "{"]).utf8)
            }
            // The line starts anywhere in the first bytes (a key may begin before it).
            let buffer = Array(repeating: UInt8(ascii: "\""), count: 24) + line
            let s = r.int(40)
            buffer.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                for colon in Swift.max(s + 1, BytesBeforeMemo.span)..<Swift.max(s + 1, b.count)
                where colon < b.count && p[colon] == 0x3A && p[colon - 1] == 0x22 {
                    var trigger = false, delimiter = -1
                    if let key = ByteKernels.keyBeforeColon(p, s, colon) {
                        let id = plan.keyID(p, key.start, key.end)
                        trigger = (id >= 0 && id != plan.typeKey) || plan.isPhoneKey(p, key.start, key.end)
                        delimiter = key.start - 1
                    }
                    let answer = memo.answer(p, at: colon, lineStart: s)
                    checked += 1
                    if answer >= 0 {
                        known += 1
                        #expect(answer == (trigger ? 1 : 0), "line \(text(Array(b[s...]))), colon \(colon)")
                    } else if delimiter >= s && colon - delimiter <= BytesBeforeMemo.span {
                        memo.remember(p, at: colon, delimiter: delimiter, trigger: trigger)
                    }
                }
            }
        }
        #expect(checked > 10_000)
        #expect(known > checked / 3)
        #expect(memo.hits == known)
    }

    @Test func answersAsTheLogfmtKeySearchDoes() {
        let plan = RedactionPlan.intercom
        let memo = BytesBeforeMemo()
        var r = RNG(state: 33)
        let delimiters = [" ", ",", "&", "?", "\"", "{", "[", ";", "\t", "=", "'"]
        let keyBytes = Array("abcdeilmnoprstxyz_-.0123PNE".utf8)
        var checked = 0, known = 0
        for _ in 0..<8_000 {
            var line: [UInt8] = []
            for _ in 0..<(1 + r.int(8)) {
                var key = r.chance(60) ? Array(r.pick(Self.keys).utf8) : (0..<r.int(26)).map { _ in r.pick(keyBytes) }
                if r.chance(10) { key += Array(r.pick(Self.keys).utf8) }
                line += Array(r.pick(delimiters).utf8) + key + [0x3D] + Array(r.pick(["1", "\"v\"", "x y", ""]).utf8)
            }
            let buffer = Array(repeating: UInt8(ascii: "a"), count: 24) + line
            let s = r.int(40)
            buffer.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                for eq in Swift.max(s + 1, BytesBeforeMemo.span)..<Swift.max(s + 1, b.count) where eq < b.count && p[eq] == 0x3D {
                    let start = LineRedactor.identStart(p, s, eq)
                    guard start < eq else { continue }
                    let id = plan.keyID(p, start, eq)
                    let trigger = (id >= 0 && id != plan.typeKey) || plan.isPhoneKey(p, start, eq)
                    let answer = memo.answer(p, at: eq, lineStart: s)
                    checked += 1
                    if answer >= 0 {
                        known += 1
                        #expect(answer == (trigger ? 1 : 0), "line \(text(Array(b[s...]))), = at \(eq)")
                    } else if start - 1 >= s && eq - (start - 1) <= BytesBeforeMemo.span {
                        memo.remember(p, at: eq, delimiter: start - 1, trigger: trigger)
                    }
                }
            }
        }
        #expect(checked > 10_000)
        #expect(known > 2_000)   // keys of random bytes after random delimiters mostly differ
        #expect(memo.hits == known)
    }

    @Test func neverChangesTheOutput() {
        var lines: [[UInt8]] = []
        var o = RNG(state: 41)
        for _ in 0..<2000 { lines.append(Array(OracleTests.line(&o).0.utf8)) }
        var r = RNG(state: 42)
        for _ in 0..<3000 {
            var line: [UInt8] = Array(r.pick(["", "  ", "{", "x=1 {", "\"", "}"]).utf8)
            for _ in 0..<(1 + r.int(6)) {
                let q = Array(r.pick(Self.quotes).utf8)
                line += Array(r.pick(Self.before).utf8) + q + Array(r.pick(Self.keys).utf8) + q
                    + Array(r.pick(Self.between).utf8) + [0x3A] + Array(r.pick(["1", "\"Jane Doe\"", " \"v\"", "{", "\\\"x\\\""]).utf8)
            }
            lines.append(line)
        }
        for _ in 0..<3000 {
            var line: [UInt8] = Array(r.pick(["", "INFO ", "{\"msg\":\"", "  "]).utf8)
            for _ in 0..<(1 + r.int(6)) {
                line += Array(r.pick([" ", ",", "&", "?", "\"", "{"]).utf8) + Array(r.pick(Self.keys).utf8) + [0x3D]
                    + Array(r.pick(["1", "Jane", "\"Jane Doe\"", "jane@x.io", "{\"city\":\"Dublin\"}", ">\"Jo\""]).utf8)
            }
            lines.append(line)
        }
        lines += corpusLines(seed: 9, mixes: [.production, .json, .text], atLeast: 1500)
        var memo = LineRedactor(plan: .intercom)
        var plain = LineRedactor(plan: .intercom)
        plain.keyEndMemosEnabled = false
        #expect(differingLines(lines, &memo, &plain, names: ("memo", "plain")) == 0)
        #expect(memo.colonMemo.hits > 10_000)
        #expect(memo.equalsMemo.hits > 1_000)
        #expect(memo.stats.redactions > 1000)
    }
}
