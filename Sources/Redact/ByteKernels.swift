// Byte kernels of the cheap pass: the per-line checks that decide whether a line needs the scanner
// and PCRE2 at all. Each fast kernel has a plain scalar reference next to it; the tests
// (Tests/RedactTests/ByteKernelTests.swift) check them against each other on random inputs at every
// alignment, and check that the phone trigger still fires wherever the phone pattern matches.
//
// `@_spi(Kernels) public` so the benchmarks package can measure them alone; not API.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
        b == 32 || b == 46 || b == 45 || b == 40 || b == 41 || b == 47 || b == 43
    }

    @inlinable @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// Reference: a run of at least `n` digits, joined by at most two phone separators in a row.
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
                if seps > 2 { digits = 0 }
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
                    if seps > 2 { digits = 0 }
                } else {
                    digits = 0; seps = 0
                }
                i += 1
            }
        }
        return false
    }

    // MARK: - The phone trigger: digit runs, minus shapes the phone pattern never matches

    /// The trigger of a phone detector: `digitRunScalar`, except that a cluster of digits starting a
    /// fresh run is skipped (its digits neither count nor join a run) when no phone number can use
    /// any of its digits. `lineStart` is where the PCRE2 subject can begin (the line); `s..<e` is the
    /// span to decide for. The skipped shapes, and why the phone pattern (patterns/phone.pcre2) cannot
    /// match them:
    ///
    /// 1. An ISO-ordered date `YYYY-MM-DD` (also `/` or `.`, one separator kind; year 19xx or 20xx,
    ///    month 01-12, day 00-31, no digit after it), unless right after a plus sign or an encoded one
    ///    (`+`, `%2b`, `&#43;`, `&#x2b;`, `&plus;`, `\u002b`: the byte before is `+`, `b`, `B` or `;`):
    ///    the pattern's `nodate` guard refuses a number or number group that starts at such a date, and
    ///    its start guard refuses a number that starts inside one (after a digit or `-./`).
    /// 2. A maximal run of digits followed by a letter that cannot start an extension (not e, x, p, d):
    ///    a phone number never ends right before a letter or digit, and contains no letter but an
    ///    extension's. So no match can end inside the run, at its end, or past it.
    /// With no possible phone word before it in the line (see `PhoneWordScan`), and not after a plus
    /// ender. Without a `+`, a phone word or a phone key (which holds a phone word), the pattern only
    /// takes numbers in separated groups whose first group has at most 6 digits, never with dots
    /// between groups of an IP shape, never starting after a slash, and never starting with a group of
    /// 1-4 digits and a space right after a quote and a space:
    /// 3. after a byte that is neither a digit nor a phone separator: a bare run of 7 or more digits
    ///    not starting with 0, or a dotted quad `1.2.3.4` (first octet not starting with 0) with no
    ///    digit or dot after it;
    /// 4. right after `/` (in the span): the run of digits (a path segment).
    ///
    /// Every shape is decided from bytes the PCRE2 subject holds whether it is the span or the whole
    /// line: a span starts after a quote or bracket, so the byte before a span is never `/`, `+` or a
    /// digit. (The pattern also refuses `" 200 5123`, a status code after a quote, but only when the
    /// quote is in the subject; the engine searches spans, so that shape is not skipped.)
    ///
    /// A test checks on random lines built from phone numbers and look-alikes that wherever the phone
    /// detector matches, this trigger fires (`ByteKernelTests.phoneTriggerCoversEveryMatch`).
    public static func phoneTriggerScalar(_ p: UnsafePointer<UInt8>, lineStart: Int, _ s: Int, _ e: Int,
                                          atLeast n: Int) -> Bool {
        var words = PhoneWordScan(from: lineStart)
        return phoneTriggerScalar(p, lineStart: lineStart, s, e, atLeast: n, words: &words)
    }

    /// `phoneTriggerScalar` with the line's phone-word scan kept by the caller (one per line).
    public static func phoneTriggerScalar(_ p: UnsafePointer<UInt8>, lineStart: Int, _ s: Int, _ e: Int,
                                          atLeast n: Int, words: inout PhoneWordScan) -> Bool {
        var digits = 0, seps = 0
        var i = s
        while i < e {
            let b = p[i]
            if isDigit(b) {
                if digits == 0, let skip = skippableCluster(p, lineStart: lineStart, spanStart: s, i, e, atLeast: n, &words) {
                    i = skip
                    seps = 0
                    continue
                }
                digits += 1
                if digits >= n { return true }
                seps = 0
            } else if isRunSeparator(b) {
                seps += 1
                if seps > 2 { digits = 0 }
            } else {
                digits = 0; seps = 0
            }
            i += 1
        }
        return false
    }

    /// Same answer as `phoneTriggerScalar`, skipping digit-free 8-byte words in one step.
    public static func phoneTrigger(_ p: UnsafePointer<UInt8>, lineStart: Int, _ s: Int, _ e: Int,
                                    atLeast n: Int) -> Bool {
        var words = PhoneWordScan(from: lineStart)
        return phoneTrigger(p, lineStart: lineStart, s, e, atLeast: n, words: &words)
    }

    /// `phoneTrigger` with the line's phone-word scan kept by the caller (one per line).
    ///
    /// Runs the plain digit-run machine (word-at-a-time) and looks at shapes only for a run that
    /// reaches `n` digits: from that run's first digit, the exact machine of `phoneTriggerScalar` runs
    /// until a byte that ends every run (neither digit nor separator), where both machines are back in
    /// the same state. Same answer as `phoneTriggerScalar`: the exact machine never counts more digits
    /// than the plain one, and both reset on the same bytes.
    public static func phoneTrigger(_ p: UnsafePointer<UInt8>, lineStart: Int, _ s: Int, _ e: Int,
                                    atLeast n: Int, words: inout PhoneWordScan) -> Bool {
        var digits = 0, seps = 0, runStart = s
        var i = s
        var wordEnd = s
        while i < e {
            if i >= wordEnd {
                if i + 8 <= e && !hasDigit(load8(p, i)) {
                    digits = 0; seps = 0
                    i += 8
                    continue
                }
                wordEnd = i + 8
            }
            let b = p[i]
            if isDigit(b) {
                if digits == 0 { runStart = i }
                digits += 1
                seps = 0
                if digits >= n {
                    // Re-run this stretch with the exact machine, from the run's first digit.
                    var xd = 0, xs = 0
                    var k = runStart
                    while k < e {
                        let c = p[k]
                        if isDigit(c) {
                            if xd == 0, let skip = skippableCluster(p, lineStart: lineStart, spanStart: s, k, e, atLeast: n, &words) {
                                k = skip
                                xs = 0
                                continue
                            }
                            xd += 1
                            if xd >= n { return true }
                            xs = 0
                        } else if isRunSeparator(c) {
                            xs += 1
                            if xs > 2 { xd = 0 }
                        } else {
                            break
                        }
                        k += 1
                    }
                    // Both machines reset at k (a byte that ends every run, or the end).
                    digits = 0; seps = 0
                    i = k + 1
                    continue
                }
            } else if isRunSeparator(b) {
                seps += 1
                if seps > 2 { digits = 0 }
            } else {
                digits = 0; seps = 0
            }
            i += 1
        }
        return false
    }

    /// Where a digit cluster starting at `i` (a digit that starts a fresh run) ends, if the phone
    /// pattern cannot use any of its digits; else nil. See `phoneTriggerScalar`.
    @usableFromInline
    static func skippableCluster(_ p: UnsafePointer<UInt8>, lineStart: Int, spanStart: Int, _ i: Int, _ e: Int, atLeast n: Int,
                                 _ words: inout PhoneWordScan) -> Int? {
        // The maximal run of digits from i.
        var j = i + 1
        while j < e && isDigit(p[j]) { j += 1 }
        // Fewer than n digits ended by a byte that is no separator: this cluster cannot make the
        // trigger fire, skipping it changes nothing.
        if j - i < n && (j == e || !isRunSeparator(p[j])) && (j == e || p[j] | 0x20 &- 97 >= 26) { return nil }
        // The byte before, if any (it may lie before `lineStart`: then it is a newline or a byte of an
        // earlier piece, and being conservative about it is harmless).
        let prev: UInt8 = i > 0 ? p[i - 1] : 0x0A
        let afterPlus = prev == UInt8(ascii: "+") || prev == UInt8(ascii: "b") || prev == UInt8(ascii: "B") || prev == UInt8(ascii: ";")
        // 1. ISO-ordered date.
        if !afterPlus, j - i == 4, i + 10 <= e, isDate(p, i), i + 10 == e || !isDigit(p[i + 10]) { return i + 10 }
        // 2. Digits followed by a letter that cannot start an extension.
        if j < e {
            let f = p[j] | 0x20
            if f &- 97 < 26 && f != UInt8(ascii: "e") && f != UInt8(ascii: "x") && f != UInt8(ascii: "p") && f != UInt8(ascii: "d") {
                return j
            }
        }
        guard !afterPlus else { return nil }
        var end: Int? = nil
        if prev == UInt8(ascii: "/") {
            // 4. Digits right after a slash in the span (a path segment: /users/5581556).
            if i > spanStart { end = j }
        } else if p[i] != UInt8(ascii: "0") && !isRunSeparator(prev) {
            // 3. Bare runs and dotted quads, after a byte that joins no number.
            if j - i >= 7 {
                end = j
            } else if j - i <= 3, let q = dottedQuadEnd(p, j, e) {
                end = q
            }
        }
        guard let end, !words.found(p, before: i, e) else { return nil }
        return end
    }

    /// `(19|20)\d\d([-/.])(0[1-9]|1[0-2])\1([0-2]\d|3[01])` at `i` (10 bytes available).
    @inlinable @inline(__always)
    static func isDate(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool {
        let y0 = p[i], y1 = p[i + 1]
        guard (y0 == 0x31 && y1 == 0x39) || (y0 == 0x32 && y1 == 0x30), isDigit(p[i + 2]), isDigit(p[i + 3]) else { return false }
        let sep = p[i + 4]
        guard sep == 0x2D || sep == 0x2F || sep == 0x2E, p[i + 7] == sep else { return false }
        let m0 = p[i + 5], m1 = p[i + 6]
        guard (m0 == 0x30 && m1 &- 0x31 < 9) || (m0 == 0x31 && m1 &- 0x30 < 3) else { return false }
        let d0 = p[i + 8], d1 = p[i + 9]
        return (d0 &- 0x30 < 3 && isDigit(d1)) || (d0 == 0x33 && d1 &- 0x30 < 2)
    }

    /// After a first octet ending at `j`: `.d{1,3}` three times, then no digit or dot; the end.
    @inlinable
    static func dottedQuadEnd(_ p: UnsafePointer<UInt8>, _ j: Int, _ e: Int) -> Int? {
        var k = j
        for _ in 0..<3 {
            guard k < e, p[k] == 0x2E else { return nil }
            k += 1
            let start = k
            while k < e && k - start < 4 && isDigit(p[k]) { k += 1 }
            guard k - start >= 1 && k - start <= 3 else { return nil }
        }
        if k < e && (isDigit(p[k]) || p[k] == 0x2E) { return nil }
        return k
    }

    // MARK: - Phone words

    /// Lazily scans a line, left to right, for anything that may be a phone word of the phone pattern
    /// (tel, telephone, phone, ph, mobile, mob, móvil, cell, handy, gsm, fax, msisdn, whatsapp, sms,
    /// wa.me, call/text/ring/reach/contact me, phone keys, and any non-ASCII byte, which covers the
    /// accented and non-Latin words). Conservative: it may say yes for other words (hotel, string).
    public struct PhoneWordScan {
        @usableFromInline var scanned: Int
        @usableFromInline var hit = false
        public init(from: Int) { scanned = from }

        /// Whether a possible phone word starts in `[line start, i)`.
        @usableFromInline
        mutating func found(_ p: UnsafePointer<UInt8>, before i: Int, _ e: Int) -> Bool {
            if hit { return true }
            while scanned < i {
                if ByteKernels.mayStartPhoneWord(p, scanned, e) { hit = true; return true }
                scanned += 1
            }
            return false
        }
    }

    /// Whether a possible phone word starts at `j` (reads at most to `e`).
    @usableFromInline
    static func mayStartPhoneWord(_ p: UnsafePointer<UInt8>, _ j: Int, _ e: Int) -> Bool {
        let b = p[j]
        if b >= 0x80 { return true }
        @inline(__always) func at(_ k: Int, _ c: UInt8) -> Bool { j + k < e && p[j + k] | 0x20 == c }
        @inline(__always) func word(_ w: StaticString) -> Bool {
            // w is lower-case ASCII and starts with b's letter.
            let n = w.utf8CodeUnitCount
            guard j + n <= e else { return false }
            let u = w.utf8Start
            for k in 1..<n where p[j + k] | 0x20 != u[k] { return false }
            return true
        }
        switch b | 0x20 {
        case UInt8(ascii: "p"):
            // ph, phone, ph_no (the pattern's `ph` ends at a non-letter or goes on with o or n)
            guard at(1, UInt8(ascii: "h")) else { return false }
            if j + 2 >= e { return true }
            let c = p[j + 2] | 0x20
            return c &- 97 >= 26 || c == UInt8(ascii: "o") || c == UInt8(ascii: "n")
        case UInt8(ascii: "t"): return word("tel") || word("text")
        case UInt8(ascii: "m"): return word("mob") || word("mov") || word("msisdn")
        case UInt8(ascii: "c"): return word("cel") || word("call") || word("contact")
        case UInt8(ascii: "h"): return word("handy")
        case UInt8(ascii: "g"): return word("gsm")
        case UInt8(ascii: "f"): return word("fax")
        case UInt8(ascii: "w"): return word("wa.me") || word("whats")
        case UInt8(ascii: "s"): return word("sms")
        case UInt8(ascii: "r"): return word("ring") || word("reach")
        default: return false
        }
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
            return (w >> UInt64(b & 63)) & 1 != 0
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
        /// A phone key word shorter than 2 bytes: no quick filter.
        @usableFromInline let shortWord: Bool

        public init(keys: [[UInt8]], phoneWords: [[UInt8]]) {
            var lengths: UInt64 = 0
            var long = false
            for k in keys { if k.count < 64 { lengths |= 1 << UInt64(k.count) } else { long = true } }
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
            shortWord = short
        }

        @inlinable @inline(__always)
        public func mayBeKey(length n: Int) -> Bool {
            n < 64 ? (lengths >> UInt64(n)) & 1 != 0 : longKeys
        }

        @inlinable
        public func mayHoldPhoneWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
            if shortWord { return true }
            var i = s
            while i + 1 < e {
                if first.contains(p[i]) && second.contains(p[i + 1]) { return true }
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
