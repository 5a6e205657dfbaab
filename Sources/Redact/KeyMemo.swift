/// What the scanner needs to know about a key, remembered per key: JSON logs repeat a few hundred
/// keys (`type`, `id`, `created_at`) tens of thousands of times, and the hash-table probe and the
/// phone-word search (`RedactionPlan.keyID`, `isPhoneKey`) cost more than a look-up here.
///
/// Direct-mapped: a key of at most 24 bytes goes to one slot, chosen by a hash of its bytes, and
/// replaces whatever was there. A slot holds the whole key, so a hit is exact; a longer key is
/// never remembered. One per `LineRedactor` (which is used by one thread at a time).
final class KeyMemo {
    struct Verdict {
        /// `RedactionPlan.keyID` of the key.
        var id: Int32
        /// `RedactionPlan.isPhoneKey` of the key.
        var phone: Bool
    }

    private struct Entry {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
        var length = -1
        var verdict = Verdict(id: RedactionPlan.unknownKey, phone: false)
    }

    static let maxLength = 24
    /// 2^slotBits slots (4096 by default, 160 KB: logs hold hundreds of distinct keys, and with 512
    /// slots conflicts evicted one key in ten; the tests use few, so keys share them).
    private let slotBits: Int
    private let entries: UnsafeMutablePointer<Entry>
    /// For each key length n in 0...24, the masks of its three words (n bytes set).
    private let masks: UnsafeMutablePointer<UInt64>
    private let plan: RedactionPlan
    private let gate: ByteKernels.KeyGate
    /// Look-ups answered from a slot (the tests check that repeated keys are).
    private(set) var hits = 0

    init(plan: RedactionPlan, gate: ByteKernels.KeyGate, slotBits: Int = 12) {
        precondition((1...16).contains(slotBits))
        self.plan = plan
        self.gate = gate
        self.slotBits = slotBits
        entries = .allocate(capacity: 1 << slotBits)
        entries.initialize(repeating: Entry(), count: 1 << slotBits)
        masks = .allocate(capacity: 3 * (Self.maxLength + 1))
        for n in 0...Self.maxLength {
            for w in 0..<3 {
                let bytes = Swift.max(0, Swift.min(8, n - 8 * w))
                masks[3 * n + w] = bytes == 8 ? .max : (UInt64(1) << UInt64(8 * bytes)) - 1
            }
        }
    }

    deinit {
        entries.deinitialize(count: 1 << slotBits)
        entries.deallocate()
        masks.deallocate()
    }

    /// The plan's answer for the key `p[s..<e]`, computed directly.
    @inline(__always)
    func compute(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Verdict {
        let id = gate.mayBeKey(length: e - s) ? plan.keyID(p, s, e) : RedactionPlan.unknownKey
        return Verdict(id: id, phone: gate.mayHoldPhoneWord(p, s, e) && plan.isPhoneKey(p, s, e))
    }

    /// The verdict on the key `p[s..<e]`. `bufferEnd`: how far `p` may be read (keys near it are
    /// read byte by byte).
    @inline(__always)
    func verdict(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, bufferEnd: Int) -> Verdict {
        let n = e &- s
        guard n > 0 && n <= Self.maxLength && s &+ Self.maxLength <= bufferEnd else { return slowVerdict(p, s, e) }
        // The key's bytes as three words, zero past its end (a key is read as 24 bytes), with the
        // masks of its length from a table (three loads instead of a chain of selects).
        let q = UnsafeRawPointer(p + s)
        let m = masks + 3 &* n
        let w0 = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 0, as: UInt64.self)) & m[0]
        let w1 = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & m[1]
        let w2 = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) & m[2]
        return lookUp(p, s, e, w0, w1, w2)
    }

    /// The key `p[s..<e]`, read as the words `w0`-`w2`, from its slot, or computed and kept there.
    @inline(__always)
    private func lookUp(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ w0: UInt64, _ w1: UInt64, _ w2: UInt64) -> Verdict {
        let n = e &- s
        let h = (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ (w2 &* 0x1656_67B1_9E37_79F9) ^ UInt64(n)
        let slot = entries + Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 - slotBits))
        if slot.pointee.length == n && slot.pointee.w0 == w0 && slot.pointee.w1 == w1 && slot.pointee.w2 == w2 {
            hits &+= 1
            return slot.pointee.verdict
        }
        return miss(p, s, e, slot, w0, w1, w2)
    }

    /// A key not in its slot: computed and kept there. Out of line, so that the look-up inlines.
    @inline(never)
    private func miss(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ slot: UnsafeMutablePointer<Entry>,
                      _ w0: UInt64, _ w1: UInt64, _ w2: UInt64) -> Verdict {
        let v = compute(p, s, e)
        slot.pointee = Entry(w0: w0, w1: w1, w2: w2, length: e - s, verdict: v)
        return v
    }

    /// A key too long to remember, or too near the end of the buffer to be read as 24 bytes (read
    /// byte by byte, then remembered as usual).
    @inline(never)
    private func slowVerdict(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Verdict {
        let n = e - s
        guard n > 0 && n <= Self.maxLength else { return compute(p, s, e) }
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
        for i in 0..<n {
            let b = UInt64(p[s + i]) << UInt64(8 * (i & 7))
            switch i >> 3 { case 0: w0 |= b; case 1: w1 |= b; default: w2 |= b }
        }
        return lookUp(p, s, e, w0, w1, w2)
    }
}

/// `ByteKernels.phoneContextBefore`, remembered by the bytes it read: most digit runs are unix
/// times, ids and counters after the same few keys and words (`"created_at":`, `duration=`), and
/// the walk back over them costs far more than a look-up here.
///
/// The walk reports the lowest position it read and whether it came to the window's start. An
/// answer that did not is a function of the bytes read, at most the 16 before the number, and is
/// kept with them (masked to them); a look-up compares them and checks that the window holds them,
/// so a hit is exact. Two-way set-associative, indexed by the 8 bytes before the number; one per
/// `LineRedactor`.
final class ContextMemo {
    private struct Entry {
        /// The bytes read, as the 16 bytes before the number (little-endian) masked to the last `length`.
        var w0: UInt64 = 0, w1: UInt64 = 0
        /// The masks of the last `length` bytes (both 0 in an empty entry, which then never matches:
        /// `length` is at least 1 and `x0 - s` must reach it).
        var m0: UInt64 = 0, m1: UInt64 = 0
        var length = Int.max
        var answer = false

        /// Zero if the bytes before a number, `w0` and `w1`, in a window of `room` bytes, are these
        /// (an empty entry's `length` is more than any room); computed without a branch.
        @inline(__always)
        func differs(_ w0: UInt64, _ w1: UInt64, room: Int) -> UInt64 {
            ((w0 & m0) ^ self.w0) | ((w1 & m1) ^ self.w1) | UInt64(bitPattern: Int64((room &- length) >> 63))
        }
    }

    static let span = 16
    /// 2^setBits sets of two entries: 1024 (96 KB); with 256, production took 0.4% more instructions.
    private static let setBits = 10
    private let entries: UnsafeMutablePointer<Entry>
    /// Look-ups answered from a slot (the tests check that repeated contexts are).
    private(set) var hits = 0

    init() {
        entries = .allocate(capacity: 2 << Self.setBits)
        entries.initialize(repeating: Entry(), count: 2 << Self.setBits)
    }

    deinit {
        entries.deinitialize(count: 2 << Self.setBits)
        entries.deallocate()
    }

    /// The mask of the last `length` (0...16) of 16 little-endian bytes, as two words.
    @inline(__always)
    private static func masks(_ length: Int) -> (UInt64, UInt64) {
        if length >= 8 {
            return (length == 16 ? .max : ~(UInt64.max &>> UInt64(8 * (length - 8))), .max)
        }
        return (0, length == 0 ? 0 : ~(UInt64.max &>> UInt64(8 * length)))
    }

    /// `ByteKernels.phoneContextBefore(p, s, x0)`; `p[0..<x0]` must be readable.
    @inline(__always)
    func phoneContextBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int) -> Bool {
        guard x0 >= Self.span else { return ByteKernels.phoneContextBefore(p, s, x0) }
        let q = UnsafeRawPointer(p + x0 - Self.span)
        let w0 = UInt64(littleEndian: q.loadUnaligned(as: UInt64.self))
        let w1 = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // Two ways per set: `"created_at":` and `"updated_at":` end in the same 8 bytes.
        let set = entries + 2 * Int(truncatingIfNeeded: (w1 &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.setBits))
        let room = x0 - s
        // Both ways compared, one branch on both (as in `KeyEndMemo`: which way holds a context is
        // unpredictable, and early exits mispredicted some 13,000 times per 2 MB of production).
        let d0 = set[0].differs(w0, w1, room: room), d1 = set[1].differs(w0, w1, room: room)
        if Swift.min(d0, d1) == 0 {
            hits &+= 1
            let a0 = set[0].answer, a1 = set[1].answer
            return d0 == 0 ? a0 : a1
        }
        var reached = false, low = x0
        let answer = ByteKernels.phoneContextBefore(p, s, x0, reached: &reached, low: &low)
        let length = x0 - low
        if !reached && length > 0 && length <= Self.span {
            let (m0, m1) = Self.masks(length)
            set[1] = set[0]
            set[0] = Entry(w0: w0 & m0, w1: w1 & m1, m0: m0, m1: m1, length: length, answer: answer)
        }
        return answer
    }
}

/// `LineRedactor.hasKeyTrigger`'s answer for one byte that can end a key (a colon; a `=` in
/// logfmt), remembered by the bytes before it: logs repeat a few hundred short keys (`"type":`,
/// `"id":`, `duration=`), and finding the key before the byte (`ByteKernels.keyBeforeColon`,
/// `LineRedactor.identStart`) and asking `KeyMemo` cost more than comparing the bytes before the
/// byte with those of an earlier one.
///
/// The answer for a colon whose key's opening delimiter (the `"` or `\` that `keyBeforeColon`
/// stops at) lies at `d`, at or after the line's start and at most `span` bytes before the colon,
/// is a function of the bytes `d..<colon`: the walk back over whitespace, the closing quote and its
/// backslashes, and the search back for the delimiter read nothing else, and the verdict reads the
/// key. So is the answer for a `=` after a logfmt key whose first byte follows a byte `d` that
/// is no key byte (at or after the line's start): `identStart` reads back to `d`. It is kept with
/// those bytes (the rest of the `span` masked off); a look-up compares them and checks that they
/// start at or after the line's start, so a hit is exact. Two-way set-associative, indexed by the
/// 8 bytes before the position; one per kind of key end and `LineRedactor`.
final class KeyEndMemo {
    private struct Entry {
        /// The `span` bytes before the position (little-endian words), masked to the last `length`.
        /// An empty entry (`length` 0, masks 0) never matches: its `w0` is 1.
        var w0: UInt64 = 1, w1: UInt64 = 0, w2: UInt64 = 0
        var length = 0
        var trigger = false
    }

    static let span = 24
    /// 2^setBits sets of two entries (32 KB).
    private static let setBits = 9
    private let entries: UnsafeMutablePointer<Entry>
    /// For each length n in 0...24, the masks of the last n of 24 bytes, as three words.
    private let masks: UnsafeMutablePointer<UInt64>
    /// Look-ups answered from an entry (the tests check that repeated keys are).
    private(set) var hits = 0

    init() {
        entries = .allocate(capacity: 2 << Self.setBits)
        entries.initialize(repeating: Entry(), count: 2 << Self.setBits)
        masks = .allocate(capacity: 3 * (Self.span + 1))
        for n in 0...Self.span {
            for w in 0..<3 {
                // Word w holds bytes 8w..<8w+8 of the span; the last n bytes are 24-n..<24.
                let from = Swift.max(0, Swift.min(8, 24 - n - 8 * w))   // bytes of the word below the last n
                masks[3 * n + w] = from == 8 ? 0 : UInt64.max << UInt64(8 * from)
            }
        }
    }

    deinit {
        entries.deinitialize(count: 2 << Self.setBits)
        entries.deallocate()
        masks.deallocate()
    }

    @inline(__always)
    private static func words(_ p: UnsafePointer<UInt8>, _ end: Int) -> (UInt64, UInt64, UInt64) {
        let q = UnsafeRawPointer(p + end - span)
        return (UInt64(littleEndian: q.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(littleEndian: q.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
    }

    @inline(__always)
    private func set(_ w2: UInt64) -> UnsafeMutablePointer<Entry> {
        entries + 2 * Int(truncatingIfNeeded: (w2 &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.setBits))
    }

    /// The remembered answer for the key end at `end` in a line that starts at `lineStart`: 1 a
    /// trigger key, 0 none, -1 not known. `p[end - span ..< end]` must be readable.
    @inline(__always)
    func answer(_ p: UnsafePointer<UInt8>, at end: Int, lineStart: Int) -> Int {
        let (w0, w1, w2) = Self.words(p, end)
        let s = set(w2)
        // Both ways compared without a branch each: which way holds a key is unpredictable (a
        // chain of early exits mispredicted 20,000 times per 2 MB of production).
        @inline(__always) func differs(_ e: UnsafeMutablePointer<Entry>) -> UInt64 {
            let m = masks + 3 &* e.pointee.length
            // All ones when the bytes would start before the line (a negative difference).
            let before = UInt64(bitPattern: Int64((end &- e.pointee.length &- lineStart) >> 63))
            return ((w0 & m[0]) ^ e.pointee.w0) | ((w1 & m[1]) ^ e.pointee.w1) | ((w2 & m[2]) ^ e.pointee.w2) | before
        }
        // One branch on both (the smaller is 0 if either matches; an `||` became two branches).
        let d0 = differs(s), d1 = differs(s + 1)
        if Swift.min(d0, d1) != 0 { return -1 }
        hits &+= 1
        let t0 = s.pointee.trigger ? 1 : 0, t1 = s[1].trigger ? 1 : 0
        return d0 == 0 ? t0 : t1
    }

    /// Remembers the answer for the key end at `end` whose key's delimiter is at `delimiter`
    /// (`end - delimiter` at most `span`, the delimiter at or after the line's start).
    /// Out of line: keys repeat, so this is rare, and inlined it made the caller's key search a call.
    @inline(never)
    func remember(_ p: UnsafePointer<UInt8>, at end: Int, delimiter: Int, trigger: Bool) {
        let length = end - delimiter
        precondition(length >= 1 && length <= Self.span)
        let (w0, w1, w2) = Self.words(p, end)
        let m = masks + 3 * length
        let s = set(w2)
        s[1] = s[0]
        s[0] = Entry(w0: w0 & m[0], w1: w1 & m[1], w2: w2 & m[2], length: length, trigger: trigger)
    }
}
