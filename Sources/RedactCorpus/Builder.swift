// The byte writer every line family is built with: raw bytes, numbers, random digits and hex,
// timestamps, a small JSON writer (compact, spaced or pretty-printed), and marks that record where
// each planted value sits. Everything appends to one reusable buffer; no String, no Foundation.

/// Where a planted value was written (absolute offsets in `Builder.out`).
struct Mark {
    var kind: PlantedKind
    var context: PlantedContext
    var format: StaticString
    var variant: StaticString
    var start: Int
    var end: Int
}

enum JSONStyle {
    /// `{"a":1,"b":2}`
    case compact
    /// `{"a": 1, "b": 2}` (Python's json.dumps default)
    case spaced
    /// One key per line, two-space indent (JSON.stringify(x, null, 2)).
    case pretty
}

struct Builder {
    var rng: Xoshiro256StarStar
    let t = Tables.shared
    var out: [UInt8] = []
    var marks: [Mark] = []
    /// Interiors of field-level values that span lines (a pretty-printed `location` object).
    var fieldSpans: [Range<Int>] = []
    /// Milliseconds since the Unix epoch; advances a little with every record.
    var clockMs: Int = 1_795_392_000_000 // 2026-11-23T00:00:00Z

    // JSON writer state.
    var style: JSONStyle = .compact
    var depth = 0
    /// Bit `d` set: the container at depth `d` has no element yet.
    var firstBits: UInt64 = 0

    init(seed: UInt64) {
        rng = Xoshiro256StarStar(seed: seed)
        out.reserveCapacity(1 << 16)
        marks.reserveCapacity(64)
    }

    // MARK: raw bytes

    @inline(__always) mutating func byte(_ b: UInt8) { out.append(b) }

    @inline(__always) mutating func lit(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @inline(__always) mutating func bytes(_ b: [UInt8]) { out.append(contentsOf: b) }

    @inline(__always) mutating func pick(_ list: [[UInt8]]) { out.append(contentsOf: list[rng.below(list.count)]) }

    /// Writes `v` in decimal (v >= 0).
    mutating func int(_ v: Int) {
        var n = v < 0 ? -v : v
        if v < 0 { byte(UInt8(ascii: "-")) }
        var d = 1, p = 10
        while p <= n && d < 19 { d += 1; p = p &* 10 }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: d))
        var i = start + d - 1
        while i >= start { out[i] = UInt8(truncatingIfNeeded: 48 + n % 10); n /= 10; i -= 1 }
    }

    /// Writes `v` zero-padded to `width` digits.
    mutating func intPadded(_ v: Int, width: Int) {
        var n = v
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var i = start + width - 1
        while i >= start { out[i] = UInt8(truncatingIfNeeded: 48 + n % 10); n /= 10; i -= 1 }
    }

    /// `count` random decimal digits; the first one is never 0 when `nonZeroFirst`.
    mutating func digits(_ count: Int, nonZeroFirst: Bool = true) {
        for i in 0..<count {
            let d = (i == 0 && nonZeroFirst) ? 1 + rng.below(9) : rng.below(10)
            byte(UInt8(truncatingIfNeeded: 48 + d))
        }
    }

    /// `count` random lowercase hex digits.
    mutating func hexDigits(_ count: Int) {
        var bits: UInt64 = 0
        for i in 0..<count {
            if i & 15 == 0 { bits = rng.next() }
            byte(t.hex[Int(truncatingIfNeeded: bits & 15)])
            bits >>= 4
        }
    }

    /// Random letters and digits, lowercase.
    mutating func alnum(_ count: Int) {
        let chars: StaticString = "abcdefghijklmnopqrstuvwxyz0123456789"
        chars.withUTF8Buffer { c in
            for _ in 0..<count { out.append(c[rng.below(36)]) }
        }
    }

    mutating func uuidValue() {
        hexDigits(8); byte(0x2D); hexDigits(4); byte(0x2D); lit("4"); hexDigits(3); byte(0x2D)
        byte(t.hex[8 + rng.below(4)]); hexDigits(3); byte(0x2D); hexDigits(12)
    }

    // MARK: time

    mutating func tick() { clockMs += 1 + rng.below(400) }

    /// Civil date from days since 1970-01-01 (Hinnant's algorithm).
    static func civil(_ days: Int) -> (y: Int, m: Int, d: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `2026-11-23`
    mutating func dateValue(_ ms: Int) {
        let c = Builder.civil(ms / 86_400_000)
        intPadded(c.y, width: 4); byte(0x2D); intPadded(c.m, width: 2); byte(0x2D); intPadded(c.d, width: 2)
    }

    /// `10:00:00` then optional fraction with `sep` and `fracDigits` digits (3 or 6).
    mutating func timeValue(_ ms: Int, sep: UInt8 = UInt8(ascii: "."), fracDigits: Int = 3) {
        let s = (ms / 1000) % 86_400
        intPadded(s / 3600, width: 2); byte(0x3A); intPadded(s / 60 % 60, width: 2); byte(0x3A); intPadded(s % 60, width: 2)
        if fracDigits == 3 { byte(sep); intPadded(ms % 1000, width: 3) }
        if fracDigits == 6 { byte(sep); intPadded(ms % 1000, width: 3); intPadded((ms * 7) % 1000, width: 3) }
    }

    /// `2026-11-23T10:00:00.123Z`
    mutating func isoValue(_ ms: Int) { dateValue(ms); byte(UInt8(ascii: "T")); timeValue(ms); byte(UInt8(ascii: "Z")) }

    /// `23/Nov/2026:10:00:00 +0000`
    mutating func nginxTime(_ ms: Int) {
        let c = Builder.civil(ms / 86_400_000)
        intPadded(c.d, width: 2); byte(0x2F); bytes(t.months[c.m - 1]); byte(0x2F); intPadded(c.y, width: 4); byte(0x3A)
        timeValue(ms, fracDigits: 0); lit(" +0000")
    }

    /// `Nov 23 10:00:00`
    mutating func syslogTime(_ ms: Int) {
        let c = Builder.civil(ms / 86_400_000)
        bytes(t.months[c.m - 1]); byte(0x20); int(c.d); byte(0x20); timeValue(ms, fracDigits: 0)
    }

    // MARK: marks

    @inline(__always)
    mutating func mark(_ kind: PlantedKind, _ context: PlantedContext, _ format: StaticString, _ variant: StaticString, from start: Int) {
        marks.append(Mark(kind: kind, context: context, format: format, variant: variant, start: start, end: out.count))
    }

    /// The format a field-level value gets in the current JSON style.
    func fieldFormat(_ compactFormat: StaticString) -> StaticString {
        switch style {
        case .compact: return compactFormat
        case .spaced: return "spaced"
        case .pretty: return "pretty-printed"
        }
    }

    // MARK: JSON

    mutating func beginJSON(_ s: JSONStyle) { style = s; depth = 0; firstBits = 0 }

    @inline(__always) mutating func indent() {
        byte(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Separator before the next member or element of the current container.
    @inline(__always) mutating func sep() {
        let bit: UInt64 = 1 << UInt64(depth & 63)
        if firstBits & bit != 0 {
            firstBits &= ~bit
        } else {
            byte(0x2C)
            if style == .spaced { byte(0x20) }
        }
        if style == .pretty { indent() }
    }

    mutating func open(_ b: UInt8) {
        byte(b); depth += 1; firstBits |= 1 << UInt64(depth & 63)
    }

    mutating func close(_ b: UInt8) {
        let empty = firstBits & (1 << UInt64(depth & 63)) != 0
        firstBits &= ~(1 << UInt64(depth & 63))
        depth -= 1
        if style == .pretty && !empty { indent() }
        byte(b)
    }

    @inline(__always) mutating func objOpen() { open(UInt8(ascii: "{")) }
    @inline(__always) mutating func objClose() { close(UInt8(ascii: "}")) }
    @inline(__always) mutating func arrOpen() { open(UInt8(ascii: "[")) }
    @inline(__always) mutating func arrClose() { close(UInt8(ascii: "]")) }
    @inline(__always) mutating func elem() { sep() }

    mutating func key(_ k: StaticString) {
        sep(); byte(0x22); lit(k); byte(0x22); byte(0x3A)
        if style != .compact { byte(0x20) }
    }

    mutating func kv(_ k: StaticString, _ v: StaticString) { key(k); byte(0x22); lit(v); byte(0x22) }
    mutating func kv(_ k: StaticString, bytes v: [UInt8]) { key(k); byte(0x22); bytes(v); byte(0x22) }
    mutating func kv(_ k: StaticString, int v: Int) { key(k); int(v) }
    mutating func kvRaw(_ k: StaticString, _ v: StaticString) { key(k); lit(v) }
    mutating func kvNull(_ k: StaticString) { key(k); lit("null") }
    mutating func kvBool(_ k: StaticString, _ v: Bool) { key(k); lit(v ? "true" : "false") }

    /// An empty Intercom list object: `{"type":"<type>","data":[],...}`.
    mutating func emptyList(_ k: StaticString, type: StaticString, field: StaticString) {
        key(k); objOpen(); kv("type", type); key(field); arrOpen(); arrClose(); objClose()
    }

    // MARK: escaping

    /// Copies `inner` (a complete JSON document or any text) into `out` as the content of a JSON
    /// string: `"` and `\` are backslash-escaped. Marks of the inner document are carried over
    /// at their new offsets and get `format`.
    mutating func appendEscaped(_ inner: [UInt8], marks innerMarks: [Mark], format: StaticString) {
        var map = [Int](repeating: 0, count: inner.count + 1)
        for i in 0..<inner.count {
            map[i] = out.count
            let b = inner[i]
            if b == 0x22 || b == 0x5C { byte(0x5C) }
            byte(b)
        }
        map[inner.count] = out.count
        for var m in innerMarks {
            m.start = map[m.start]; m.end = map[m.end]
            if m.kind.isPII { m.format = format }
            marks.append(m)
        }
    }

    /// Runs `body` against a fresh buffer and returns what it wrote and marked, leaving this
    /// builder's buffer, marks and JSON state as they were.
    mutating func sub(_ body: (inout Builder) -> Void) -> ([UInt8], [Mark]) {
        let savedOut = out, savedMarks = marks, savedStyle = style, savedDepth = depth, savedBits = firstBits
        let savedSpans = fieldSpans
        out = []; marks = []; fieldSpans = []
        body(&self)
        let result = (out, marks)
        out = savedOut; marks = savedMarks; style = savedStyle; depth = savedDepth; firstBits = savedBits
        fieldSpans = savedSpans
        return result
    }
}
