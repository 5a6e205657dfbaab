// Byte kernels of the cheap pass: the per-line checks that decide whether a line needs the scanner
// and PCRE2 at all. Each fast kernel has a plain scalar reference next to it, with the same answer;
// the tests (Tests/RedactTests/ByteKernelTests.swift) check them against each other on random inputs
// at every alignment.
//
// `@_spi(Kernels) public` so the benchmarks package can measure them alone; not API.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel   // SSE2 (the x86-64 baseline): the lane classes' compares, `pmovmskb`
#endif

@_spi(Kernels) public enum ByteKernels {
    // MARK: - Word-at-a-time helpers (SWAR on UInt64, little or big endian alike)

    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Loads 8 bytes from any alignment.
    @inlinable @inline(__always)
    static func load8(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
    }

    /// Whether any byte of `w` is an ASCII digit. Exact as a yes/no answer: `w ^ 0x30..` maps the
    /// digits, and only them, to bytes below 10 (the `hasless(x, 10)` trick; its per-byte mask may have
    /// false positives above a true one, never a false "yes" for the word).
    @inlinable @inline(__always)
    static func hasDigit(_ w: UInt64) -> Bool {
        let x = w ^ (ones &* 0x30)
        return (x &- ones &* 10) & ~x & highs != 0
    }

    // MARK: - Digit runs (the `digits:N` trigger)

    /// A phone separator inside a digit run: space . - ( ) / +
    @inlinable @inline(__always)
    static func isRunSeparator(_ b: UInt8) -> Bool {
        // space ( ) + - . / are 32 + {0, 8, 9, 11, 13, 14, 15}: one bit each in 0xEB01.
        let d = b &- 32
        return d < 16 && (0xEB01 as UInt16) &>> UInt16(d) & 1 != 0
    }

    @inlinable @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// Reference: a run of at least `n` digits, joined by at most three phone separator bytes in a row (` - ` joins groups).
    public static func digitRunScalar(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> Bool {
        var digits = 0, seps = 0
        var i = s
        while i < e {
            let b = p[i]
            if isDigit(b) {
                digits += 1
                if digits >= n { return true }
                seps = 0
            } else if isRunSeparator(b) {
                seps += 1
                if seps > 3 { digits = 0 }
            } else {
                digits = 0; seps = 0
            }
            i += 1
        }
        return false
    }

    /// Same answer as `digitRunScalar`, skipping 8-byte words without a digit in one step: such a
    /// word always ends a run (it holds a byte that is neither digit nor separator, or 8 separators).
    public static func digitRun(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> Bool {
        var digits = 0, seps = 0
        var i = s
        while i < e {
            if i + 8 <= e && !hasDigit(load8(p, i)) {
                digits = 0; seps = 0
                i += 8
                continue
            }
            let end = Swift.min(e, i + 8)
            while i < end {
                let b = p[i]
                if isDigit(b) {
                    digits += 1
                    if digits >= n { return true }
                    seps = 0
                } else if isRunSeparator(b) {
                    seps += 1
                    if seps > 3 { digits = 0 }
                } else {
                    digits = 0; seps = 0
                }
                i += 1
            }
        }
        return false
    }

    // MARK: - Digit runs as positions (the phone detector's candidate runs)

    /// Reference: the next run of at least `n` digits joined by at most three phone separators in a
    /// row, as `digitRunScalar` counts them: its first and one-past-last digit.
    public static func nextDigitRunScalar(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> (start: Int, end: Int)? {
        var digits = 0, seps = 0
        var start = s, lastDigit = s
        var i = s
        while i < e {
            let c = p[i]
            if isDigit(c) {
                if digits == 0 { start = i }
                digits += 1
                seps = 0
                lastDigit = i
            } else if isRunSeparator(c) {
                seps += 1
                if seps > 3 {
                    if digits >= n { return (start, lastDigit + 1) }
                    digits = 0
                }
            } else {
                if digits >= n { return (start, lastDigit + 1) }
                digits = 0; seps = 0
            }
            i += 1
        }
        return digits >= n ? (start, lastDigit + 1) : nil
    }

    /// High bit set in each byte of `w` that is an ASCII digit, exactly (no false positives: `w ^ 0x30..`
    /// maps the digits, and only them, to 0-9; adding 0x76 to the low 7 bits sets bit 7 from 10 up).
    @inlinable @inline(__always)
    static func digitMask(_ w: UInt64) -> UInt64 {
        let t = w ^ (ones &* 0x30)
        return ~(((t & ~highs) &+ ones &* 0x76) | t) & highs
    }

    /// Position of the first digit in `p[i..<e]`, or `e`; 8 bytes at a time.
    @inlinable @inline(__always)
    static func nextDigit(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var i = i
        while i + 8 <= e {
            let m = digitMask(UInt64(littleEndian: load8(p, i)))
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < e && !isDigit(p[i]) { i += 1 }
        return i
    }

    /// End of the digits that start at `i`: the first non-digit in `p[i..<e]`, or `e`; 8 bytes at a time.
    @inlinable @inline(__always)
    static func digitsEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var i = i
        while i + 8 <= e {
            let other = ~digitMask(UInt64(littleEndian: load8(p, i))) & highs
            if other != 0 { return i + other.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < e && isDigit(p[i]) { i += 1 }
        return i
    }

    /// Same answer as `nextDigitRunScalar`, group by group: the next digit is found 8 bytes at a
    /// time, a group of digits is walked, and the run goes on while 1 to 3 separators and another
    /// digit follow.
    public static func nextDigitRun(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> (start: Int, end: Int)? {
        var i = nextDigit(p, s, e)
        while i < e {
            let start = i
            var digits = 0
            while true {
                // A group of digits.
                let g = digitsEnd(p, i, e)
                digits += g - i
                i = g
                // Then 1 to 3 separators and a digit continue the run.
                var k = i
                while k < e && k - i < 4 && isRunSeparator(p[k]) { k += 1 }
                guard k > i, k - i <= 3, k < e, isDigit(p[k]) else { break }
                i = k
            }
            if digits >= n { return (start, i) }
            i = nextDigit(p, i, e)
        }
        return nil
    }

    // MARK: - Digit runs of a whole buffer, from bitmasks

    /// A digit run found by `digitRuns`: its first and one-past-last digit, and how many digits it holds.
    /// Positions in 32 bits (12 bytes a run, not 24), as `Hit`'s: `LineRedactor` hands the kernel
    /// buffers of at most `LineRedactor.bufferLimit` bytes.
    public struct DigitRun: Equatable {
        private var start32: UInt32, end32: UInt32, digits32: UInt32

        @inline(__always)
        public init(start: Int, end: Int, digits: Int) {
            start32 = UInt32(truncatingIfNeeded: start)
            end32 = UInt32(truncatingIfNeeded: end)
            digits32 = UInt32(truncatingIfNeeded: digits)
        }

        public var start: Int { @inline(__always) get { Int(start32) } }
        public var end: Int { @inline(__always) get { Int(end32) } }
        public var digits: Int { @inline(__always) get { Int(digits32) } }
    }

    /// High bit set in each byte of `w` equal to `b`: exact (no borrow between bytes).
    @inlinable @inline(__always)
    static func equalMask(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let v = w ^ (ones &* UInt64(b))
        return ~(((v & ~highs) &+ ~highs) | v) & highs
    }

    /// The high bit of each lane of `m`, lane 0 first: on x86-64 one `pmovmskb` instruction (SSE2
    /// is part of the architecture's baseline); elsewhere, where the lane classes leave only the
    /// high bit set, the high bits of each half gathered into its top byte by one multiply.
    @inline(__always)
    static func laneBits(_ m: SIMD16<UInt8>) -> UInt64 {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(unsafeBitCast(m, to: __m128i.self))))
        #else
        let w = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        @inline(__always) func half(_ x: UInt64) -> UInt64 { ((UInt64(littleEndian: x) >> 7) &* 0x0102_0408_1020_4080) >> 56 }
        return half(w[0]) | half(w[1]) &<< 8
        #endif
    }

    /// One bit per byte of the 64 bytes at `q` that is a digit / a run separator: 16 bytes per
    /// vector operation.
    @inline(__always)
    static func digitBits(_ q: UnsafeRawPointer) -> UInt64 {
        laneBits(digitLanes(load16(q, 0))) | laneBits(digitLanes(load16(q, 16))) &<< 16
            | laneBits(digitLanes(load16(q, 32))) &<< 32 | laneBits(digitLanes(load16(q, 48))) &<< 48
    }

    @inline(__always)
    static func separatorBits(_ q: UnsafeRawPointer) -> UInt64 {
        laneBits(separatorLanes(load16(q, 0))) | laneBits(separatorLanes(load16(q, 16))) &<< 16
            | laneBits(separatorLanes(load16(q, 32))) &<< 32 | laneBits(separatorLanes(load16(q, 48))) &<< 48
    }

    /// Up to four bytes that may follow a pair's first byte (unused places repeat the first).
    public struct PairSeconds: Sendable {
        @usableFromInline let a: UInt8, b: UInt8, c: UInt8, d: UInt8

        /// Nil for no byte or more than four.
        public init?(_ bytes: [UInt8]) {
            guard (1...4).contains(bytes.count) else { return nil }
            a = bytes[0]
            b = bytes.count > 1 ? bytes[1] : bytes[0]
            c = bytes.count > 2 ? bytes[2] : bytes[0]
            d = bytes.count > 3 ? bytes[3] : bytes[0]
        }

        @inline(__always)
        func contains(_ x: UInt8) -> Bool { x == a || x == b || x == c || x == d }
    }

    /// Position of the first `first` in `p[i..<e]` that is followed (within `p[..<e]`) by one of
    /// `seconds`, or `e`: 16 positions at a time (two loads, a byte apart).
    public static func nextPair(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ first: UInt8, _ seconds: PairSeconds) -> Int {
        var i = i
        while i &+ 17 <= e {
            let q = UnsafeRawPointer(p + i)
            let v0 = load16(q, 0), v1 = load16(q, 1)
            let m = laneBits(equalLanes(v0, first)
                & (equalLanes(v1, seconds.a) | equalLanes(v1, seconds.b) | equalLanes(v1, seconds.c) | equalLanes(v1, seconds.d)))
            if m != 0 { return i &+ m.trailingZeroBitCount }
            i &+= 16
        }
        while i &+ 1 < e {
            if p[i] == first && seconds.contains(p[i &+ 1]) { return i }
            i &+= 1
        }
        return e
    }

    /// Position of the first colon in `p[i..<e]` with a space after it (within `p[..<e]`) and a key
    /// byte (`isKeyByte`) before it (at or after `floor`), or `e`: where a key without quotes may
    /// end (`name: Jane`). 16 positions at a time; the byte before is looked at only for a colon
    /// and a space after it that no quote precedes (compact JSON has no such pair, and `": "`
    /// JSON has one per key, after a quote).
    /// `p[..<readable]` may be read (past `e`: the last block is read whole, not byte by byte).
    public static func nextBareKeyColon(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, floor: Int, readable: Int = 0) -> Int {
        keyColon(p, i, e, floor: floor, readable: readable, goKeys: false)
    }

    /// Position of the first colon in `p[i..<e]` that ends a key without quotes (at or after
    /// `floor`'s next byte), or `e`: `nextBareKeyColon`'s (a space after, a key byte before), or
    /// one of Go's `%+v` (`{Name:Jane Doe Email:...}`, `map[ssn:...]`: a byte other than a space
    /// after it, within `p[..<e]`, and a letter before it). One pass where a line needs to know
    /// whether it holds either kind, 16 positions at a time: JSON's colons follow quotes,
    /// timestamps' digits. `p[..<readable]` may be read (past `e`).
    public static func nextTextKeyColon(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, floor: Int, readable: Int = 0) -> Int {
        keyColon(p, i, e, floor: floor, readable: readable, goKeys: true)
    }

    /// `nextBareKeyColon`, and with `goKeys` `nextTextKeyColon`. (A constant flag: a closure for the
    /// block was not inlined, and cost dense 1% more instructions.)
    @inline(__always)
    private static func keyColon(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, floor: Int, readable: Int, goKeys: Bool) -> Int {
        /// The first colon of the 16 at `i` that ends a key.
        @inline(__always) func block(_ i: Int) -> Int? {
            let q = UnsafeRawPointer(p + i)
            let colons = equalLanes(load16(q, 0), 0x3A)
            let spaceAfter = equalLanes(load16(q, 1), 0x20)
            var m: UInt64
            // Most colons before a space in JSON follow a quote (`"key": value`): those go in one step.
            if goKeys {
                let before = load16(q - 1, 0)
                let letterBefore = belowLanes((before | SIMD16(repeating: 0x20)) &- SIMD16(repeating: 0x61), 26)
                m = laneBits(colons & (letterBefore | (spaceAfter & ~equalLanes(before, 0x22))))
            } else {
                let pairs = laneBits(colons & spaceAfter)
                guard pairs != 0 else { return nil }
                m = pairs & ~laneBits(equalLanes(load16(q - 1, 0), 0x22))
            }
            while m != 0 {
                let c = i &+ m.trailingZeroBitCount
                // Go's (no space after) have their letter; the others need a key byte before.
                if (goKeys && p[c &+ 1] != 0x20) || isKeyByte(p[c &- 1]) { return c }
                m &= m &- 1
            }
            return nil
        }
        var i = Swift.max(i, floor &+ 1)
        while i &+ 17 <= e {
            if let c = block(i) { return c }
            i &+= 16
        }
        if i &+ 1 < e && i &+ 17 <= readable {
            // The last bytes as one block read past `e`: a colon found counts if the byte after it
            // is before `e`.
            if let c = block(i), c &+ 1 < e { return c }
            return e
        }
        return goKeys ? nextTextKeyColonScalar(p, i, e, floor: floor) : nextBareKeyColonScalar(p, i, e, floor: floor)
    }

    /// Reference for `nextBareKeyColon`: byte by byte.
    public static func nextBareKeyColonScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, floor: Int) -> Int {
        var i = Swift.max(i, floor + 1)
        while i + 1 < e {
            if p[i] == 0x3A && p[i + 1] == 0x20 && isKeyByte(p[i - 1]) { return i }
            i += 1
        }
        return e
    }

    /// Reference for `nextTextKeyColon`: byte by byte.
    public static func nextTextKeyColonScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, floor: Int) -> Int {
        var i = Swift.max(i, floor + 1)
        while i + 1 < e {
            if p[i] == 0x3A && (p[i + 1] == 0x20 ? isKeyByte(p[i - 1]) : (p[i - 1] | 0x20) &- 97 < 26) { return i }
            i += 1
        }
        return e
    }

    /// A byte of a key without quotes (logfmt's, or before `: `): a letter, a digit, `_`, `-` or `.`.
    @inline(__always)
    public static func isKeyByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 97 < 26 || b &- 48 < 10 || b == 95 || b == 45 || b == 46
    }

    /// Reference for `nextPair`: byte by byte.
    public static func nextPairScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ first: UInt8, _ seconds: PairSeconds) -> Int {
        var i = i
        while i + 1 < e {
            if p[i] == first && seconds.contains(p[i + 1]) { return i }
            i += 1
        }
        return e
    }

    /// Four bytes at fixed offsets from a position, each compared after an OR with its fold (0x20
    /// folds ASCII letters to lower case): `\u003c` is `\` at 0, `u` at 1, `3` at 4, `c` (folded)
    /// at 5.
    public struct Probe: Sendable {
        @usableFromInline let bytes: (UInt8, UInt8, UInt8, UInt8)
        @usableFromInline let offsets: (Int, Int, Int)   // of the 2nd, 3rd and 4th; the 1st is at 0
        @usableFromInline let folds: (UInt8, UInt8, UInt8)
        /// The largest offset: a position matches only if it and the bytes up to it lie before the end.
        @usableFromInline var reach: Int { offsets.2 }

        public init(_ b0: UInt8, _ b1: (UInt8, at: Int, fold: UInt8), _ b2: (UInt8, at: Int, fold: UInt8),
                    _ b3: (UInt8, at: Int, fold: UInt8)) {
            precondition(0 < b1.at && b1.at < b2.at && b2.at < b3.at && b3.at < 16)
            bytes = (b0, b1.0, b2.0, b3.0)
            offsets = (b1.at, b2.at, b3.at)
            folds = (b1.fold, b2.fold, b3.fold)
        }

        @inline(__always)
        func matches(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool {
            p[i] == bytes.0 && p[i &+ offsets.0] | folds.0 == bytes.1 && p[i &+ offsets.1] | folds.1 == bytes.2
                && p[i &+ offsets.2] | folds.2 == bytes.3
        }
    }

    /// Position of the first `i` in `p[i..<e]` where `probe` matches, its bytes within `p[..<e]`,
    /// or `e`: 16 positions at a time, by the probe's first and last bytes (two loads; escaped
    /// quotes and backslashes, `\"` and `\\`, fail there), the others checked per candidate.
    /// `p[..<readable]` may be read (past `e`: the last block is read whole, not byte by byte).
    public static func nextProbe(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ probe: Probe, readable: Int = 0) -> Int {
        let last = e &- probe.reach   // positions from here on cannot match
        guard i < last else { return e }
        let first = SIMD16<UInt8>(repeating: probe.bytes.0), fold = SIMD16<UInt8>(repeating: probe.folds.2)
        let lastByte = SIMD16<UInt8>(repeating: probe.bytes.3), offset = probe.offsets.2
        let blocksEnd = Swift.max(e, readable) &- 16 &- offset   // a block may start up to here
        var i = i
        @inline(__always) func candidates(_ q: UnsafeRawPointer, _ k: Int) -> UInt64 {
            laneBits(equalLanes(load16(q, k), first) & equalLanes(load16(q, k &+ offset) | fold, lastByte))
        }
        // 64 positions at a time while the line goes on (the long JSON lines with escaped strings,
        // where most `\` are `\"`), then 16.
        while i &+ 64 <= last && i &+ 48 <= blocksEnd {
            let q = UnsafeRawPointer(p + i)
            var m = candidates(q, 0) | candidates(q, 16) &<< 16 | candidates(q, 32) &<< 32 | candidates(q, 48) &<< 48
            while m != 0 {
                let k = i &+ m.trailingZeroBitCount
                if probe.matches(p, k) { return k }
                m &= m &- 1
            }
            i &+= 64
        }
        while i <= blocksEnd {
            let q = UnsafeRawPointer(p + i)
            var m = candidates(q, 0)
            if last &- i < 16 { m &= (UInt64(1) &<< UInt64(last &- i)) &- 1 }
            while m != 0 {
                let k = i &+ m.trailingZeroBitCount
                if probe.matches(p, k) { return k }
                m &= m &- 1
            }
            i &+= 16
            if i >= last { return e }
        }
        return nextProbeScalar(p, i, e, probe)
    }

    /// Reference for `nextProbe`: position by position.
    public static func nextProbeScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ probe: Probe) -> Int {
        var i = i
        while i &+ probe.reach < e {
            if probe.matches(p, i) { return i }
            i &+= 1
        }
        return e
    }

    /// One bit per byte of the 64 bytes at `q` equal to `c`, byte 0 first.
    @inline(__always)
    static func equalBits64(_ q: UnsafeRawPointer, _ c: UInt8) -> UInt64 {
        laneBits(equalLanes(load16(q, 0), c)) | laneBits(equalLanes(load16(q, 16), c)) &<< 16
            | laneBits(equalLanes(load16(q, 32), c)) &<< 32 | laneBits(equalLanes(load16(q, 48), c)) &<< 48
    }

    /// One bit per byte of the 16 bytes at `q` that can be part of a logfmt key: a letter, a digit,
    /// `_`, `-` or `.`.
    @inline(__always)
    static func identBits16(_ q: UnsafeRawPointer) -> UInt64 {
        let v = load16(q, 0)
        let letters = belowLanes((v | SIMD16(repeating: 0x20)) &- SIMD16(repeating: 0x61), 26)
        let punctuation = equalLanes(v, 0x5F) | equalLanes(v, 0x2D) | equalLanes(v, 0x2E)
        return laneBits(letters | digitLanes(v) | punctuation)
    }

    /// One bit per byte of the 32 bytes at `q` that `nextJSONSpecial` stops at inside a string's
    /// content (`quote: false`): a backslash, a bracket or a brace.
    @inline(__always)
    static func escapedSpecialBits32(_ q: UnsafeRawPointer) -> UInt64 {
        @inline(__always) func half(_ offset: Int) -> UInt64 {
            let v = load16(q, offset)
            let folded = v | SIMD16(repeating: 0x20)   // [ ] become { }; nothing else becomes either
            return laneBits(equalLanes(v, 0x5C) | equalLanes(folded, 0x7B) | equalLanes(folded, 0x7D))
        }
        return half(0) | half(16) &<< 16
    }

    /// One bit per byte of the 16 bytes at `q` equal to `c`, byte 0 first.
    @inline(__always)
    static func equalBits16(_ q: UnsafeRawPointer, _ c: UInt8) -> UInt64 {
        laneBits(equalLanes(load16(q, 0), c))
    }

    @inline(__always)
    static func load16(_ q: UnsafeRawPointer, _ offset: Int) -> SIMD16<UInt8> {
        q.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
    }

    // The lane classes below set the high bit of each lane in the class (the other bits are
    // unspecified: only `laneBits` reads them). On x86-64 they are SSE2 compares (`pcmpeqb`, and
    // `pminub` for a range); elsewhere lane-wise add, and, or, xor and not (one NEON instruction
    // each). Swift's SIMD comparisons (`.<`, `.==`) are lane loops that the optimizer vectorizes in
    // some callers and not in others (in this module they made the whole engine 2.5x slower), so
    // they are not used.

    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    @inline(__always)
    static func m128(_ v: SIMD16<UInt8>) -> __m128i { unsafeBitCast(v, to: __m128i.self) }

    @inline(__always)
    static func lanes(_ v: __m128i) -> SIMD16<UInt8> { unsafeBitCast(v, to: SIMD16<UInt8>.self) }

    /// All ones in each lane of `v` below `n` (unsigned, n >= 1): min(v, n - 1) == v.
    @inline(__always)
    static func belowLanes(_ v: SIMD16<UInt8>, _ n: UInt8) -> SIMD16<UInt8> {
        let x = m128(v)
        return lanes(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(Int8(bitPattern: n &- 1))), x))
    }

    @inline(__always)
    static func equalLanes(_ v: SIMD16<UInt8>, _ c: UInt8) -> SIMD16<UInt8> {
        lanes(_mm_cmpeq_epi8(m128(v), _mm_set1_epi8(Int8(bitPattern: c))))
    }

    /// All ones in each lane where `v` and `w` are equal.
    @inline(__always)
    static func equalLanes(_ v: SIMD16<UInt8>, _ w: SIMD16<UInt8>) -> SIMD16<UInt8> {
        lanes(_mm_cmpeq_epi8(m128(v), m128(w)))
    }
    #else
    /// 0x80 in each lane of `v` below `n` (unsigned, 1 <= n <= 128): neither v nor v + (128 - n)
    /// has its high bit set.
    @inline(__always)
    static func belowLanes(_ v: SIMD16<UInt8>, _ n: UInt8) -> SIMD16<UInt8> {
        ~((v &+ SIMD16(repeating: 128 &- n)) | v) & SIMD16(repeating: 0x80)
    }

    /// 0x80 in each lane of `v` equal to `c`.
    @inline(__always)
    static func equalLanes(_ v: SIMD16<UInt8>, _ c: UInt8) -> SIMD16<UInt8> {
        belowLanes(v ^ SIMD16(repeating: c), 1)
    }

    /// 0x80 in each lane where `v` and `w` are equal.
    @inline(__always)
    static func equalLanes(_ v: SIMD16<UInt8>, _ w: SIMD16<UInt8>) -> SIMD16<UInt8> {
        belowLanes(v ^ w, 1)
    }
    #endif

    /// The lanes of `v` that are ASCII digits: v - 0x30 below 10.
    @inline(__always)
    static func digitLanes(_ v: SIMD16<UInt8>) -> SIMD16<UInt8> {
        belowLanes(v &- SIMD16(repeating: 0x30), 10)
    }

    /// The lanes of `v` that are run separators (`isRunSeparator`): 0x28-0x2F (x = v ^ 0x28 below
    /// 8) except `*` and `,`, and the space.
    @inline(__always)
    static func separatorLanes(_ v: SIMD16<UInt8>) -> SIMD16<UInt8> {
        let x = v ^ SIMD16(repeating: 0x28)
        return (belowLanes(x, 8) & ~(equalLanes(x, 2) | equalLanes(x, 4))) | equalLanes(v, 0x20)
    }

    /// Every run of at least `n` digits in `p[0..<count]`, in order: the runs `nextDigitRunScalar`
    /// finds when called from 0 and then from each run's end. A newline is not a separator, so no
    /// run spans two lines and one pass over a chunk serves all of its lines.
    ///
    /// 64 bytes at a time: a digit mask and a separator mask (16-lane vector arithmetic), then breaks
    /// (a byte that is neither, or the 4th separator in a row) cut the block into segments; a
    /// segment's digits are a run. Only segments at least `n` bytes long can hold `n` digits, and those are found with a few
    /// shifts, so a block of words, hex ids or short numbers costs its masks and a few dozen
    /// instructions; a block without a digit skips the separator mask. A segment still open at the
    /// block's end carries into the next block.
    public static func digitRuns(_ p: UnsafePointer<UInt8>, _ count: Int, atLeast n: Int, into runs: inout [DigitRun]) {
        precondition(n >= 1 && count <= Int(UInt32.max))
        // The shifts that turn "no break here" bits into "no break in the next n bytes" bits: each
        // doubles the length covered (1, 2, 4, ...), the last tops it up to n. At most 7 for n <= 64;
        // a longer n finds no segment inside a block (only segments across blocks, kept open).
        var shifts: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)
        var shiftCount = 0
        if n <= 64 {
            withUnsafeMutableBytes(of: &shifts) { t in
                var length = 1
                while length < n {
                    let shift = Swift.min(length, n - length)
                    t.storeBytes(of: UInt64(shift), toByteOffset: 8 * shiftCount, as: UInt64.self)
                    shiftCount += 1
                    length += shift
                }
            }
        }
        let (shift0, shift1, shift2) = (shifts.0, shifts.1, shifts.2)   // 0 where unused
        // Runs go to a buffer on the stack, and into `runs` a batch at a time: an append to an array
        // checks its uniqueness (a runtime call), and a segment's run is written whether or not it
        // holds n digits, kept by the count alone (that test mispredicted often).
        let capacity = 32   // 768 bytes: withUnsafeTemporaryAllocation keeps up to 1 KiB on the stack
        withUnsafeTemporaryAllocation(of: DigitRun.self, capacity: capacity) { pending in
            var pendingCount = 0
            @inline(__always) func flush() {
                runs.append(contentsOf: UnsafeBufferPointer(rebasing: pending[0..<pendingCount]))
                pendingCount = 0
            }
            @inline(__always) func emit(_ run: DigitRun) { emit(run, count: 1) }
            /// Writes `run` either way and keeps it only if `count` is 1 (0: dropped): no branch on it.
            @inline(__always) func emit(_ run: DigitRun, count: Int) {
                (pending.baseAddress! + pendingCount).initialize(to: run)
                pendingCount &+= count
                if pendingCount == capacity { flush() }
            }
            let noSegments = n > 64
            var openDigits = 0, openStart = 0, openLast = 0   // the segment reaching the previous block's end
            var previousS: UInt64 = 0
            var tail = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            var base = 0
            while base < count {
                let valid = count &- base
                var d: UInt64, s: UInt64
                if valid >= 64 {
                    let q = UnsafeRawPointer(p + base)
                    d = digitBits(q)
                    if d == 0 {
                        // No digit: an open segment ends here (64 bytes without a digit hold a break),
                        // and only the last separators matter to the next block.
                        if openDigits >= n { emit(DigitRun(start: openStart, end: openLast &+ 1, digits: openDigits)) }
                        openDigits = 0
                        previousS = laneBits(separatorLanes(load16(q, 48))) &<< 48
                        base &+= 64
                        continue
                    }
                    s = separatorBits(q)
                } else {
                    // The last, short block: copied into zeros (a zero byte is a break).
                    tail = (0, 0, 0, 0, 0, 0, 0, 0)
                    withUnsafeMutableBytes(of: &tail) { t in
                        t.copyMemory(from: UnsafeRawBufferPointer(start: p + base, count: valid))
                    }
                    (d, s) = withUnsafeBytes(of: &tail) { t in (digitBits(t.baseAddress!), separatorBits(t.baseAddress!)) }
                }
                // The 4th separator in a row (counting those at the end of the previous block) breaks.
                let fourth = s & (s &<< 1 | previousS &>> 63) & (s &<< 2 | previousS &>> 62) & (s &<< 3 | previousS &>> 61)
                let breaks = ~(d | s) | fourth
                previousS = s
                // Between two breaks every byte is a digit or a separator, so a segment's digits are its
                // length less its separators: for a segment that stays open, a loop over its few
                // separator bits; in the loop over a block's segments, a branch-free bit count (POPCNT
                // is not in the x86-64 baseline; the portable count is some 15 instructions, cheaper
                // there than a loop whose exit mispredicts).
                var ahead = UInt64.max   // bits below the first in `ahead` are done
                if openDigits > 0 {
                    // The open segment goes on up to the first break.
                    let f = breaks.trailingZeroBitCount
                    let within = f == 64 ? UInt64.max : (UInt64(1) &<< UInt64(f)) &- 1
                    let mine = d & within
                    if mine != 0 {
                        openDigits &+= f &- fewBits(s & within & ~fourth)
                        openLast = base &+ 63 &- mine.leadingZeroBitCount
                    }
                    if f == 64 { base &+= 64; continue }
                    if openDigits >= n { emit(DigitRun(start: openStart, end: openLast &+ 1, digits: openDigits)) }
                    openDigits = 0
                    ahead = f == 63 ? 0 : UInt64.max &<< UInt64(f &+ 1)
                }
                if ahead != 0 {
                    // Segments of at least n bytes inside the block: bit i of `long` says bytes i..<i+n are
                    // no breaks (the shifts bring in breaks from above the block).
                    var long = noSegments ? 0 : ~breaks & ahead
                    if shiftCount <= 3 {
                        // n <= 8 (phone numbers: 7): three shifts, an unused one by 0, no loop.
                        long &= long &>> shift0
                        long &= long &>> shift1
                        long &= long &>> shift2
                    } else if long != 0 {
                        withUnsafeBytes(of: &shifts) { t in
                            var k = 0
                            while k < shiftCount && long != 0 {
                                long &= long &>> t.load(fromByteOffset: 8 &* k, as: UInt64.self)
                                k &+= 1
                            }
                        }
                    }
                    while long != 0 {
                        let i = long.trailingZeroBitCount
                        let below = breaks & ((UInt64(1) &<< UInt64(i)) &- 1) & ahead
                        // After the last break below i, or at `ahead`'s first bit if none: the bit
                        // length of `below` with the bit before `ahead`'s first added, as the highest
                        // bit of a word whose lowest is set (no test for 0).
                        let y = below | ((ahead & (0 &- ahead)) &>> 1)
                        let start = 63 &- ((y &<< 1) | 1).leadingZeroBitCount
                        let after = breaks & (UInt64.max &<< UInt64(i))
                        if after == 0 { break }   // reaches the block's end: the open segment below
                        let f = after.trailingZeroBitCount
                        let segment = (UInt64.max &<< UInt64(start)) & ((UInt64(1) &<< UInt64(f)) &- 1)
                        let mine = d & segment
                        let k = f &- start &- (s & segment).nonzeroBitCount
                        // Kept if k >= n: the sign of n - 1 - k (a `k >= n ? 1 : 0` compiled to a
                        // branch, which mispredicted 7,000 times per 2 MB of production).
                        emit(DigitRun(start: base &+ mine.trailingZeroBitCount, end: base &+ 64 &- mine.leadingZeroBitCount,
                                      digits: k), count: Int(truncatingIfNeeded: UInt64(bitPattern: Int64(n &- 1 &- k)) &>> 63))
                        long &= f == 63 ? 0 : UInt64.max &<< UInt64(f &+ 1)
                    }
                    // The segment that reaches the block's end stays open.
                    let lastBreak = breaks & ahead
                    let tailMask = lastBreak == 0 ? ahead
                        : (lastBreak.leadingZeroBitCount == 0 ? 0 : UInt64.max &<< UInt64(64 &- lastBreak.leadingZeroBitCount))
                    let open = d & tailMask
                    if open != 0 {
                        openStart = base &+ open.trailingZeroBitCount
                        openLast = base &+ 63 &- open.leadingZeroBitCount
                        openDigits = 64 &- tailMask.trailingZeroBitCount &- fewBits(s & tailMask)
                    }
                }
                base &+= 64
            }
            if openDigits >= n { emit(DigitRun(start: openStart, end: openLast &+ 1, digits: openDigits)) }
            flush()
        }
    }

    /// The number of set bits of `x`, one loop turn per bit: for masks known to hold few.
    @inline(__always)
    static func fewBits(_ x: UInt64) -> Int {
        var x = x, c = 0
        while x != 0 { x &= x &- 1; c &+= 1 }
        return c
    }

    // MARK: - Phone runs that need context

    // Shapes of digit runs (from `nextDigitRun`) in which the phone pattern (patterns/phone.pcre2)
    // can only match after a phone word or key, or a plus sign: the engine searches them only when
    // the line gives such context (`LineRedactor.phoneGate`). Each reason refers to the pattern.

    /// The pattern's start guard `lb` refuses a number that starts at `i` (the byte before is a
    /// letter, digit or one of `_ . - / : @ # $ % + \ ~ ^`, and none of its exceptions applies:
    /// two letters and a colon, `\n` `\r` `\t`, `\uXXXX`, `%3a` `%3d` `%20`).
    @inlinable
    public static func phoneStartRefused(_ p: UnsafePointer<UInt8>, lineStart: Int, _ i: Int) -> Bool {
        guard i > lineStart else { return false }
        let b = p[i - 1]
        let l = b | 0x20
        let letter = l &- 97 < 26
        guard letter || isDigit(b) || b == 0x5F || b == 0x2E || b == 0x2D || b == 0x2F || b == 0x3A || b == 0x40
            || b == 0x23 || b == 0x24 || b == 0x25 || b == 0x2B || b == 0x5C || b == 0x7E || b == 0x5E else { return false }
        @inline(__always) func isLetter(_ k: Int) -> Bool { k >= lineStart && (p[k] | 0x20) &- 97 < 26 }
        @inline(__always) func isHex(_ k: Int) -> Bool { k >= lineStart && (isDigit(p[k]) || (p[k] | 0x20) &- 97 < 6) }
        if b == 0x3A && isLetter(i - 2) && isLetter(i - 3) { return false }
        if (l == 0x6E || l == 0x72 || l == 0x74) && i - 2 >= lineStart && p[i - 2] == 0x5C { return false }
        if i - 6 >= lineStart && p[i - 6] == 0x5C && p[i - 5] | 0x20 == 0x75 && isHex(i - 4) && isHex(i - 3) && isHex(i - 2) && isHex(i - 1) {
            return false
        }
        if i - 3 >= lineStart && p[i - 3] == 0x25 { return false }  // %3a %3d %20, or any other escape
        return true
    }

    /// A run where no phone number can start without context: its first digit is refused by the
    /// start guard, and inside it only digits, `.`, `-`, `/` and `+` after a digit (every later
    /// position is refused too: `ORD-2026-229612`, `ip-10-0-1-23`, `/v1/2026/11`, `"ts":1795391982.123`); or a dotted
    /// quad not followed by a dot (an IP address: the dotted format refuses it, no other format has
    /// dots between groups of at most 3 digits); or, right after `" `, a group of 1-4 digits and a
    /// space before fewer than `n` digits (a status code and a size in an access log: the guard
    /// `lbx` refuses a number starting at the group, and the rest is too short). Never with a `+`,
    /// `%`, `;`, `\\` or `&` in the 8 bytes before the run (a plus sign, maybe encoded).
    public static func phoneRunNeedsContext(_ p: UnsafePointer<UInt8>, _ run: (start: Int, end: Int), lineStart: Int,
                                            lineEnd: Int, atLeast n: Int) -> Bool {
        let a = run.start, b = run.end
        // A plus sign (or an escape that may encode one) shortly before: that is context.
        var i = Swift.max(lineStart, a - 8)
        while i < a {
            let c = p[i]
            if c == 0x2B || c == 0x25 || c == 0x3B || c == 0x5C || c == 0x26 { return false }
            i += 1
        }
        var onlyJoiners = true, dots = 0, groups = 1, groupLen = 0, maxGroup = 0, dotsOnly = true
        // Digit groups as such, and whether only . - / separate them.
        var pureJoiners = true, digitGroups = 0, maxLaterGroup = 0
        var k = a
        while k < b {
            let c = p[k]
            if isDigit(c) {
                if groupLen == 0 { digitGroups += 1 }
                groupLen += 1
                if digitGroups > 1 { maxLaterGroup = Swift.max(maxLaterGroup, groupLen) }
            } else {
                if c != 0x2E && c != 0x2D && c != 0x2F { pureJoiners = false }
                // A plus sign right after a digit is refused as a start like the joiners (`lb`):
                // `00:00:01.978846+00`.
                if c != 0x2E && c != 0x2D && c != 0x2F && !(c == 0x2B && isDigit(p[k - 1])) { onlyJoiners = false }
                if c == 0x2E { dots += 1 } else { dotsOnly = false }
                maxGroup = Swift.max(maxGroup, groupLen)
                groupLen = 0
                groups += 1
            }
            k += 1
        }
        maxGroup = Swift.max(maxGroup, groupLen)
        if onlyJoiners && phoneStartRefused(p, lineStart: lineStart, a) { return true }
        // Groups joined by . - / only: inside the run every start is refused, and the end guard
        // (no `-1` or `.1` after a number) makes a match starting at the run take all of it. Without
        // a plus, a trunk 0 or a parenthesis, the only formats that can (D, R, E) have at most 5
        // digits in a later group of three or more, at most 7 in the second of two:
        // `572-5136377-6930460` (an order number) is no phone without context.
        if pureJoiners && p[a] != 0x30 && !(a > lineStart && p[a - 1] == 0x28)
            && ((digitGroups >= 3 && maxLaterGroup >= 6) || (digitGroups == 2 && maxLaterGroup >= 8)) {
            return true
        }
        if dotsOnly && dots == 3 && groups == 4 && maxGroup <= 3 && (b >= lineEnd || p[b] != 0x2E) { return true }
        if a - 2 >= lineStart && p[a - 1] == 0x20 && p[a - 2] == 0x22 {
            var j = a
            while j < b && isDigit(p[j]) { j += 1 }
            if j - a <= 4 && j < b && p[j] == 0x20 && j + 1 < b && isDigit(p[j + 1]) {
                var rest = 0
                for m in (j + 1)..<b where isDigit(p[m]) { rest += 1 }
                if rest < n { return true }
            }
        }
        return false
    }

    /// Whether `call`, `text`, `ring`, `reach` or `contact` at `i..<i+len` is followed by spaces and
    /// `me` or `us` (the only way the pattern takes these words as phone context).
    @inlinable
    public static func followedByMeOrUs(_ p: UnsafePointer<UInt8>, _ j: Int, _ e: Int) -> Bool {
        var k = j
        while k < e && p[k] == 0x20 { k += 1 }
        guard k > j, k + 2 <= e else { return false }
        let w0 = p[k] | 0x20, w1 = p[k + 1] | 0x20
        return (w0 == 0x6D && w1 == 0x65) || (w0 == 0x75 && w1 == 0x73)
    }

    // MARK: - Phone hints

    /// Whether a phone hint starts in `p[s..<e]` and ends by `e`: a non-ASCII byte, or one of
    /// ph tel mob mov cel handy gsm fax msisdn whats sms wa.me call text ring reach contact (ASCII
    /// case-insensitive; with `meOrUs`, the last five only before spaces and `me` or `us`). Same
    /// answer as `LineRedactor.hasPhoneHintScalar`, without tables: a switch on the first letter.
    public static func hasPhoneHint(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, meOrUs: Bool) -> Bool {
        var i = s
        while i < e {
            let b = p[i]
            if b >= 0x80 { return true }
            let l = asciiLower(b)
            // Letters that start a hint: c f g h m p r s t w.
            if l &- 97 < 26 && (0b100_1110_1001_0000_1110_0100 as UInt32) &>> UInt32(l &- 97) & 1 != 0 {
                @inline(__always) func word(_ w: StaticString) -> Bool {
                    let n = w.utf8CodeUnitCount
                    guard i + n <= e else { return false }
                    let u = w.utf8Start
                    for k in 1..<n where asciiLower(p[i + k]) != u[k] { return false }
                    return true
                }
                @inline(__always) func social(_ w: StaticString) -> Bool {
                    word(w) && (!meOrUs || followedByMeOrUs(p, i + w.utf8CodeUnitCount, e))
                }
                let hit: Bool
                switch l {
                case UInt8(ascii: "p"): hit = word("ph")
                case UInt8(ascii: "t"): hit = word("tel") || social("text")
                case UInt8(ascii: "m"): hit = word("mob") || word("mov") || word("msisdn")
                case UInt8(ascii: "c"): hit = word("cel") || social("call") || social("contact")
                case UInt8(ascii: "h"): hit = word("handy")
                case UInt8(ascii: "g"): hit = word("gsm")
                case UInt8(ascii: "f"): hit = word("fax")
                case UInt8(ascii: "w"): hit = word("whats") || word("wa.me")
                case UInt8(ascii: "s"): hit = word("sms")
                case UInt8(ascii: "r"): hit = social("ring") || social("reach")
                default: hit = false
                }
                if hit { return true }
            }
            i += 1
        }
        return false
    }

    /// The length of the plus sign (`+`, `%2b`, `&#43;`, `&#x2b;`, `&plus;`, `\u002b`, ASCII
    /// case-insensitive) that ends right before `x` (not before `s`), or 0.
    @inline(__always)
    static func plusSignBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x: Int) -> Int {
        var reached = false, low = x
        return plusSignBefore(p, s, x, reached: &reached, low: &low)
    }

    /// The same; sets `reached` when the answer depended on where `s` is (a bound check against it
    /// failed), and lowers `low` to the lowest position it read.
    @inline(__always)
    static func plusSignBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x: Int, reached: inout Bool, low: inout Int) -> Int {
        guard x > s else { reached = true; return 0 }
        low = Swift.min(low, x - 1)
        @inline(__always) func ends(_ t: StaticString) -> Bool {
            let n = t.utf8CodeUnitCount
            guard x - n >= s else { reached = true; return false }
            low = Swift.min(low, x - n)
            for k in 0..<n where asciiLower(p[x - n + k]) != t.utf8Start[k] { return false }
            return true
        }
        switch p[x - 1] {
        case 0x2B: return 1
        case 0x62, 0x42:
            if ends("%2b") { return 3 }
            if ends("\\u002b") { return 6 }
        case 0x3B:
            if ends("&#43;") { return 5 }
            if ends("&#x2b;") { return 6 }
            if ends("&plus;") { return 6 }
        default: break
        }
        return 0
    }

    /// Whether the letters `p[w..<x]` (a whole word) are a phone word of the H alternative: starting
    /// with ph tel mob mov cel handy gsm fax msisdn whats sms (the pattern wants no letter before them),
    /// `phone` anywhere (homePhone), `wa` before `.me` (ending by `limit`), or, right before me/us,
    /// call text ring reach contact.
    static func wordIsPhoneHint(_ p: UnsafePointer<UInt8>, _ w: Int, _ x: Int, _ limit: Int, afterMeOrUs: Bool) -> Bool {
        let n = x - w
        @inline(__always) func starts(_ t: StaticString) -> Bool {
            let m = t.utf8CodeUnitCount
            guard n >= m else { return false }
            for k in 0..<m where p[w + k] | 0x20 != t.utf8Start[k] { return false }
            return true
        }
        switch p[w] | 0x20 {
        case UInt8(ascii: "p"): if starts("ph") { return true }
        case UInt8(ascii: "t"): if starts("tel") || (afterMeOrUs && n == 4 && starts("text")) { return true }
        case UInt8(ascii: "m"): if starts("mob") || starts("mov") || starts("msisdn") { return true }
        case UInt8(ascii: "c"): if starts("cel") || (afterMeOrUs && ((n == 4 && starts("call")) || (n == 7 && starts("contact")))) { return true }
        case UInt8(ascii: "h"): if starts("handy") { return true }
        case UInt8(ascii: "g"): if starts("gsm") { return true }
        case UInt8(ascii: "f"): if starts("fax") { return true }
        case UInt8(ascii: "w"):
            if starts("whats") { return true }
            if n == 2 && starts("wa") && x + 3 <= limit && p[x] == 0x2E && p[x + 1] | 0x20 == 0x6D && p[x + 2] | 0x20 == 0x65 { return true }
        case UInt8(ascii: "s"): if starts("sms") { return true }
        case UInt8(ascii: "r"): if afterMeOrUs && ((n == 4 && starts("ring")) || (n == 5 && starts("reach"))) { return true }
        default: break
        }
        // `phone` at the end of a longer word (homePhone, cellphone) or inside one (homePhoneNumber).
        var k = w + 1
        while k + 5 <= x {
            if p[k] | 0x20 == 0x70 && p[k + 1] | 0x20 == 0x68 && p[k + 2] | 0x20 == 0x6F && p[k + 3] | 0x20 == 0x6E
                && p[k + 4] | 0x20 == 0x65 { return true }
            k += 1
        }
        return false
    }

    /// Whether the text right before a digit run starting at `x` can be the context of the phone
    /// pattern's H alternative: walking back from `x` (never before `s`) over an optional plus sign
    /// or `(`, then over the separators H allows between a phone word and the number
    /// (`[\s:=#"'\\[-.,/|>]`, and `_ ( ) +`) and the short words it allows (me us on at is to via
    /// number num no nr), the first other word holds a phone hint (`hasPhoneHint`; call, text,
    /// ring, reach, contact only when the word after them was me or us), or a non-ASCII byte comes
    /// first (電話, тел, Tél, ：). Anything else (a digit, another word, another symbol) ends the
    /// context: H cannot match across it. Stricter than a hint anywhere in the window, never
    /// stricter than the pattern (PatternTests run every positive example through the gate, and
    /// ByteKernelTests compare the output with the window-wide test).
    public static func phoneContextBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int) -> Bool {
        var reached = false, low = x0
        return phoneContextBefore(p, s, x0, reached: &reached, low: &low)
    }

    /// Where the phone context before the digits at `x0` starts: the first byte of the phone word
    /// that `phoneContextBefore` finds (a match of the pattern's context alternatives starts there,
    /// no earlier: the walk stops at the nearest phone word, and the pattern lets no other phone word
    /// stand between a word and its number), or `s` for a non-ASCII byte (a word like 電話 whose
    /// start the walk does not find); nil without context.
    public static func phoneContextStart(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int) -> Int? {
        var reached = false, low = x0, start = s
        return phoneContextBefore(p, s, x0, reached: &reached, low: &low, hintStart: &start) ? start : nil
    }

    static func phoneContextBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int, reached: inout Bool, low: inout Int) -> Bool {
        var start = s
        return phoneContextBefore(p, s, x0, reached: &reached, low: &low, hintStart: &start)
    }

    /// The same walk; sets `reached` when it came to `s` (a bound check against `s` failed) and
    /// lowers `low` to the lowest position it read. When it did not reach `s`, the answer depends
    /// only on `p[low..<x0]`: it is the same wherever those bytes recur before a number, for any
    /// window that holds them. `ContextMemo` keeps such answers.
    /// `hintStart`: set to the phone word's first byte when one is found.
    static func phoneContextBefore(_ p: UnsafePointer<UInt8>, _ s: Int, _ x0: Int, reached: inout Bool, low: inout Int,
                                   hintStart: inout Int) -> Bool {
        // Every bound check against `s` goes through `above`, which notes a failed one and, for a
        // passed one, the byte read next.
        @inline(__always) func above(_ k: Int) -> Bool {
            if k > s { low = Swift.min(low, k - 1); return true }
            reached = true
            return false
        }
        // A plus sign, maybe escaped, right before the digits.
        var x = x0 - plusSignBefore(p, s, x0, reached: &reached, low: &low)
        var words = 0
        var afterMeOrUs = false
        while above(x) {
            let b = p[x - 1]
            if b >= 0x80 { return true }
            switch b {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3A, 0x3D, 0x23, 0x22, 0x27, 0x5C, 0x5B, 0x2D, 0x2E, 0x2C, 0x2F,
                 0x7C, 0x3E, 0x5F, 0x28, 0x29, 0x2B:
                x -= 1
                continue
            default:
                break
            }
            guard (b | 0x20) &- 97 < 26 else { return false }
            var w = x - 1
            while above(w) {
                let c = p[w - 1]
                if c >= 0x80 { return true }
                guard (c | 0x20) &- 97 < 26 else { break }
                w -= 1
            }
            if wordIsPhoneHint(p, w, x, x0, afterMeOrUs: afterMeOrUs) { hintStart = w; return true }
            let n = x - w
            @inline(__always) func isWord(_ t: StaticString) -> Bool {
                guard n == t.utf8CodeUnitCount else { return false }
                for k in 0..<n where p[w + k] | 0x20 != t.utf8Start[k] { return false }
                return true
            }
            if isWord("x") || isWord("ext") || isWord("extension") || isWord("poste") || isWord("durchwahl") || isWord("dw") {
                // The run may be an extension (`tel 555 1234 ext. 204`): look before the number it extends.
                var k = w
                while above(k) && (p[k - 1] == 0x20 || p[k - 1] == 0x2C || p[k - 1] == 0x3B) { k -= 1 }
                let numberEnd = k
                while above(k) && (isDigit(p[k - 1]) || isRunSeparator(p[k - 1])) { k -= 1 }
                guard k < numberEnd else { return false }
                x = k
                words = 0
                afterMeOrUs = false
                continue
            }
            let meOrUs = isWord("me") || isWord("us")
            guard meOrUs || isWord("on") || isWord("at") || isWord("is") || isWord("to") || isWord("via")
                    || isWord("number") || isWord("num") || isWord("no") || isWord("nr") else { return false }
            words += 1
            if words > 8 { return false }
            afterMeOrUs = meOrUs
            x = w
        }
        return false
    }

    // MARK: - Key candidates

    /// Reference: the first quote or backslash at or after `k`, looking at most 65 bytes on; else
    /// `min(e, k + 65)`.
    public static func keyCandidateEndScalar(_ p: UnsafePointer<UInt8>, _ k: Int, _ e: Int) -> Int {
        var j = k
        while j < e && j - k <= 64 && p[j] != 0x22 && p[j] != 0x5C { j += 1 }
        return j
    }

    /// Same answer as `keyCandidateEndScalar`, with memchr.
    @inlinable
    public static func keyCandidateEnd(_ p: UnsafePointer<UInt8>, _ k: Int, _ e: Int) -> Int {
        let limit = Swift.min(e, k + 65)
        guard k < limit else { return k }
        var j = limit
        if let q = memchr(p + k, 0x22, limit - k) { j = UnsafeRawPointer(q) - UnsafeRawPointer(p) }
        if j > k, let q = memchr(p + k, 0x5C, j - k) { j = UnsafeRawPointer(q) - UnsafeRawPointer(p) }
        return j
    }

    /// The key candidate a colon at `colon` can end: back over whitespace (raw, or escaped `\n`
    /// `\t` `\r`), a quote and the backslashes that escape it, then to the byte after the previous
    /// quote or backslash, at most 65 bytes back (else the 65 bytes before). Nil if no quote comes
    /// right before the colon. Every string the scanner takes as a key (a string, whitespace, a
    /// colon) ends at such a colon, and its content is this candidate unless it holds an escape.
    @inline(__always)
    public static func keyBeforeColon(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> (start: Int, end: Int)? {
        guard let j = keyEndBeforeColon(p, s, colon) else { return nil }
        let floor = Swift.max(s, j - 65)
        // Back to the previous quote or backslash, 16 bytes at a time (most keys are shorter), then
        // 8 (the highest flagged byte of a word is exact: `equalMask` has no borrows).
        var k = j
        while k - 16 >= floor {
            let v = load16(UnsafeRawPointer(p + k - 16), 0)
            let m = laneBits(equalLanes(v, 0x22) | equalLanes(v, 0x5C))
            if m != 0 {
                k = k - 16 + (63 - m.leadingZeroBitCount) + 1
                return k < j ? (k, j) : nil
            }
            k -= 16
        }
        while k - 8 >= floor {
            let w = UInt64(littleEndian: load8(p, k - 8))
            let m = equalMask(w, 0x22) | equalMask(w, 0x5C)
            if m != 0 {
                k = k - 8 + (63 - m.leadingZeroBitCount) >> 3 + 1
                return k < j ? (k, j) : nil
            }
            k -= 8
        }
        while k > floor && p[k - 1] != 0x22 && p[k - 1] != 0x5C { k -= 1 }
        return k < j ? (k, j) : nil
    }

    /// Reference for `keyBeforeColon`: the same end, then back byte by byte.
    public static func keyBeforeColonScalar(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> (start: Int, end: Int)? {
        guard let j = keyEndBeforeColon(p, s, colon) else { return nil }
        let floor = Swift.max(s, j - 65)
        var k = j
        while k > floor && p[k - 1] != 0x22 && p[k - 1] != 0x5C { k -= 1 }
        return k < j ? (k, j) : nil
    }

    /// Where the key before a colon ends: back over whitespace (raw or escaped) to a quote, then
    /// over the backslashes that escape it. Nil if no quote comes right before the colon.
    @inlinable @inline(__always)
    static func keyEndBeforeColon(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> Int? {
        var j = colon
        while j > s {
            let b = p[j - 1]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { j -= 1; continue }
            if (b == 0x6E || b == 0x74 || b == 0x72) && j - 2 >= s && p[j - 2] == 0x5C {
                j -= 2
                while j > s && p[j - 1] == 0x5C { j -= 1 }
                continue
            }
            break
        }
        guard j > s, p[j - 1] == 0x22 else { return nil }
        j -= 1
        while j > s && p[j - 1] == 0x5C { j -= 1 }
        return j
    }

    // MARK: - JSON tokens

    /// Position of the first byte in `p[i..<e]` that the scanner stops at, or `e`: a bracket or
    /// brace, and a quote (`quote`, escape level 0) or a backslash (above). Eight bytes at a time:
    /// the lowest byte flagged by the zero-byte test is always a true zero, so the first special
    /// byte is exact.
    @inlinable @inline(__always)
    static func nextJSONSpecial(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, readable: Int = 0, quote: Bool) -> Int {
        @inline(__always) func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let special = ones &* UInt64(quote ? 0x22 : 0x5C)
        @inline(__always) func specials(_ i: Int) -> UInt64 {
            let w = UInt64(littleEndian: load8(p, i))
            let folded = w | (ones &* 0x20)   // [ ] become { }; nothing else becomes either
            return zeros(w ^ special) | zeros(folded ^ (ones &* 0x7B)) | zeros(folded ^ (ones &* 0x7D))
        }
        var i = i
        while i + 8 <= e {
            let m = specials(i)
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        if i < e && i &+ 8 <= readable {
            // The last bytes (most string values are short) as one word read past `e`, where
            // `p[..<readable]` allows: the lowest flagged byte is exact, so one below `e` is the answer.
            let k = specials(i).trailingZeroBitCount >> 3
            return k < e &- i ? i &+ k : e
        }
        while i < e {
            let b = p[i]
            if b == 0x7B || b == 0x7D || b == 0x5B || b == 0x5D || b == (quote ? 0x22 : 0x5C) { return i }
            i += 1
        }
        return e
    }

    /// Whether `p[s..<e]` holds at least `n` ASCII digits; 8 bytes at a time.
    @inlinable @inline(__always)
    static func hasDigits(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> Bool {
        var count = 0, i = s
        while i + 8 <= e {
            count += digitMask(UInt64(littleEndian: load8(p, i))).nonzeroBitCount
            if count >= n { return true }
            i += 8
        }
        while i < e {
            if isDigit(p[i]) { count += 1 }
            i += 1
        }
        return count >= n
    }

    /// Position of the first `byte` in `p[i..<e]`, or `e`. The first 32 bytes (most JSON strings and
    /// keys end there, and a memchr call costs more than that) are one 32-bit mask, two 16-byte
    /// compares, where `p[..<readable]` allows (one well-predicted branch whatever the string's
    /// length), else 8 at a time; the rest goes to memchr.
    @inline(__always)
    static func nextByte(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ byte: UInt8, readable: Int = 0) -> Int {
        var i = i
        if i &+ 32 <= readable {
            let q = UnsafeRawPointer(p + i)
            let k = (equalBits16(q, byte) | equalBits16(q + 16, byte) &<< 16).trailingZeroBitCount
            if k < 32 { return i &+ k < e ? i &+ k : e }
            if i &+ 32 >= e { return e }
            guard let found = memchr(p + i + 32, Int32(byte), e - i - 32) else { return e }
            return UnsafeRawPointer(found) - UnsafeRawPointer(p)
        }
        let near = Swift.min(e, i + 32)
        while i + 8 <= near {
            let m = equalMask(UInt64(littleEndian: load8(p, i)), byte)
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        guard i < e, let q = memchr(p + i, Int32(byte), e - i) else { return e }
        return UnsafeRawPointer(q) - UnsafeRawPointer(p)
    }

    // MARK: - Byte sets

    /// A set of bytes: exact for ASCII; any byte >= 0x80 is in it if one was inserted.
    public struct ByteSet: Sendable {
        @usableFromInline var lo: UInt64 = 0
        @usableFromInline var hi: UInt64 = 0
        @usableFromInline var nonASCII = false
        public init() {}
        public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 { for b in bytes { insert(b) } }
        public mutating func insert(_ b: UInt8) {
            if b >= 128 { nonASCII = true } else if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
        }
        @inlinable @inline(__always)
        public func contains(_ b: UInt8) -> Bool {
            if b >= 128 { return nonASCII }
            let w = b < 64 ? lo : hi
            return (w &>> UInt64(b & 63)) & 1 != 0
        }
    }

    /// Quick, conservative filters in front of the key table and the phone-key-word search: a key
    /// whose length no rule key has is not a rule key; a key in which no two adjacent bytes are the
    /// first two bytes of a phone key word (ASCII case-insensitive) holds no phone key word.
    public struct KeyGate: Sendable {
        /// Bit n: some key has length n (n < 64); `longKeys`: some key is longer.
        @usableFromInline let lengths: UInt64
        @usableFromInline let longKeys: Bool
        @usableFromInline let first: ByteSet
        @usableFromInline let second: ByteSet
        /// A phone key word shorter than 3 bytes: no quick filter.
        @usableFromInline let shortWord: Bool
        /// The first three bytes of each phone word, lower-cased (`| 0x20`), little-endian.
        @usableFromInline let prefixes: [UInt32]

        public init(keys: [[UInt8]], phoneWords: [[UInt8]]) {
            var lengths: UInt64 = 0
            var long = false
            // A key of n bytes may be written with up to `maxKeySeparators` more (`ip_address` for
            // the folded `ipaddress`).
            for k in keys {
                for n in k.count...(k.count + RedactionPlan.maxKeySeparators) {
                    if n < 64 { lengths |= 1 << UInt64(n) } else { long = true }
                }
            }
            self.lengths = lengths
            longKeys = long
            var first = ByteSet(), second = ByteSet()
            var short = false
            for w in phoneWords {
                if w.count < 2 { short = true; continue }
                for b in [asciiLower(w[0]), asciiUpper(w[0])] { first.insert(b) }
                for b in [asciiLower(w[1]), asciiUpper(w[1])] { second.insert(b) }
            }
            self.first = first
            self.second = second
            // A word of 2 bytes has no third byte to check: the quick filter passes every key.
            shortWord = short || phoneWords.contains { $0.count == 2 }
            prefixes = phoneWords.filter { $0.count >= 3 }.map {
                UInt32(asciiLower($0[0]) | 0x20) | UInt32(asciiLower($0[1]) | 0x20) << 8 | UInt32(asciiLower($0[2]) | 0x20) << 16
            }
        }

        @inlinable @inline(__always)
        public func mayBeKey(length n: Int) -> Bool {
            n < 64 ? (lengths &>> UInt64(n)) & 1 != 0 : longKeys
        }

        @inlinable
        public func mayHoldPhoneWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
            if shortWord { return true }
            var i = s
            while i + 2 < e {
                if first.contains(p[i]) && second.contains(p[i + 1]) {
                    // The first three bytes of a phone word, lower-cased.
                    let t = UInt32(p[i] | 0x20) | UInt32(p[i + 1] | 0x20) << 8 | UInt32(p[i + 2] | 0x20) << 16
                    for w in prefixes where w == t { return true }
                }
                i += 1
            }
            return false
        }
    }

    // MARK: - Literals

    /// Reference: `literal` (lower-case) occurs in `p[s..<e]`, ASCII-case-insensitively.
    public static func containsScalar(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, literal t: [UInt8]) -> Bool {
        let n = t.count
        guard n > 0, e - s >= n else { return false }
        var i = s
        while i + n <= e {
            var j = 0
            while j < n && asciiLower(p[i + j]) == t[j] { j += 1 }
            if j == n { return true }
            i += 1
        }
        return false
    }
}
