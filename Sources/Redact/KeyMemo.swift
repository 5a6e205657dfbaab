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
        /// A flattened key (`user.name`, `custom_attributes.ssn`) with a segment the plan knows:
        /// `id` is its last segment's, and the segments before it are its path
        /// (`LineRedactor.flattenedKeyRule`).
        var dotted = false
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
        var id = gate.mayBeKey(length: e - s) ? plan.keyID(p, s, e) : RedactionPlan.unknownKey
        var dotted = false
        if id == RedactionPlan.unknownKey {
            if let last = RedactionPlan.lastSegment(p, s, e) {
                // A flattened key is read as the path its segments name, if the plan knows one of them;
                // its last segment's `type` is not the object's.
                id = plan.keyOrParentID(p, last, e)
                if id == plan.typeKey { id = RedactionPlan.unknownKey }
                var a = s
                dotted = id >= 0
                while !dotted && a < last {
                    var b = a
                    while p[b] != 0x2E { b += 1 }
                    dotted = plan.keyOrParentID(p, a, b) >= 0
                    a = b + 1
                }
            } else {
                id = plan.parentOnlyKeyID(p, s, e)
            }
        }
        return Verdict(id: id, phone: gate.mayHoldPhoneWord(p, s, e) && plan.isPhoneKey(p, s, e), dotted: dotted)
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
/// answer that did not is a function of the bytes read (a few before the number), and is kept with
/// them in a `BytesBeforeMemo`, whose look-up checks that the window holds them, so a hit is exact.
/// One per `LineRedactor`.
final class ContextMemo {
    private let memo = BytesBeforeMemo()
    /// Look-ups answered from the memo (the tests check that repeated contexts are).
    var hits: Int { memo.hits }

    /// `ByteKernels.phoneContextBefore(p, s, x0)`; `p[0..<x0]` must be readable.
    @inline(__always)
    func phoneContextBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int) -> Bool {
        guard x0 >= BytesBeforeMemo.span else { return ByteKernels.phoneContextBefore(p, s, x0) }
        let known = memo.answer(p, at: x0, lineStart: s)
        if known >= 0 { return known == 1 }
        var reached = false, low = x0
        let answer = ByteKernels.phoneContextBefore(p, s, x0, reached: &reached, low: &low)
        if !reached && low < x0 && x0 - low <= BytesBeforeMemo.span {
            memo.remember(p, at: x0, delimiter: low, trigger: answer)
        }
        return answer
    }
}

/// An answer about a position in a line that is a function of the bytes before it, from a first
/// byte at or after the line's start, at most `span` bytes back, remembered with those bytes: a
/// look-up compares them (the rest of the `span` masked off) and checks that they start at or after
/// the line's start (or window's), so a hit is exact. Two-way set-associative, indexed by the 8
/// bytes before the position. Used for:
/// - the phone gate's context walk (`ContextMemo`): the bytes it read;
/// - `LineRedactor.hasKeyTrigger`'s answer per colon after a quote: the bytes from the key's
///   opening delimiter (the `"` or `\` that `keyBeforeColon` stops at), since the walk back over
///   whitespace, the closing quote and its backslashes, and the search back for the delimiter read
///   nothing else, and the verdict reads the key;
/// - its answer per `=` after a logfmt key: the bytes from the byte before the key, which is no key
///   byte (`identStart` reads back to it).
/// Logs repeat a few hundred short keys and contexts (`"type":`, `"created_at":`, `duration=`), and
/// each of those searches costs more than a look-up.
final class BytesBeforeMemo {
    private struct Entry {
        /// The `span` bytes before the position (little-endian words), masked to the last `length`;
        /// `trigger`: the answer.
        /// An empty entry (`length` 0, masks 0) never matches: its `w0` is 1.
        var w0: UInt64 = 1, w1: UInt64 = 0, w2: UInt64 = 0
        var length = 0
        var trigger = false
    }

    static let span = 24
    /// 2^setBits sets of two entries of 40 bytes (80 KB; for the context walk, 256 sets cost
    /// production 0.4% more instructions; 32-byte entries, 64-byte aligned, were slower).
    private static let setBits = 10
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

    /// The remembered answer for the position `end` in a line (or window) that starts at
    /// `lineStart`: 1 true, 0 false, -1 not known. `p[end - span ..< end]` must be readable.
    @inline(__always)
    func answer(_ p: UnsafePointer<UInt8>, at end: Int, lineStart: Int) -> Int {
        let (w0, w1, w2) = Self.words(p, end)
        let s = set(w2)
        // Both ways compared without a branch each: which way holds an answer is unpredictable
        // (early exits mispredicted 33,000 times per 2 MB of production, keys and contexts).
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

    /// Remembers the answer for the position `end`, a function of the bytes from `delimiter` on
    /// (`end - delimiter` at most `span`, `delimiter` at or after the line's start).
    @inline(__always)
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
