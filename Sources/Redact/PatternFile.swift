/// A value detector as written in a `patterns/*.pcre2` file (see patterns/README.md).
public struct DetectorSpec: Sendable, Equatable {
    /// A positive example: the line and the exact spans the detector must match in it.
    public struct Example: Sendable, Equatable {
        public var line: [UInt8]
        public var expected: [Range<Int>]
        /// The example's line number in its pattern file (1-based; 0 when not parsed from a file).
        public var lineNumber: Int = 0
    }

    public var name: String
    public var kind: String
    /// Literal triggers, lower-cased; the pattern runs on a span only if one occurs in it.
    public var triggers: [[UInt8]]
    /// `digits:N` trigger: a run of at least N digits joined by phone separators.
    public var digitTrigger: Int?
    public var caseless: Bool
    public var multiline: Bool = false
    public var digits: ClosedRange<Int>?
    /// `match-bytes:` the bytes a match can be made of, as a 256-bit set (4 words), or nil. With
    /// it, a literal-triggered detector searches only the run of such bytes around each trigger
    /// (and 16 bytes after it, for lookaheads) instead of the whole span.
    public var matchBytes: [UInt64]?
    /// `country-lengths:` national significant number lengths by calling code, e.g. `44:9-10`.
    public var countryLengths: [Int: ClosedRange<Int>] = [:]
    public var pattern: String
    public var positives: [Example]
    public var negatives: [[UInt8]]
    /// The line number in the pattern file of each of `negatives`, in order.
    public var negativeLineNumbers: [Int] = []
}

/// Why a pattern file was refused. Names the file and line; never quotes input data.
public struct PatternFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

extension DetectorSpec {
    /// Parses the text of one pattern file. `name` is used in errors and as the detector's name.
    public static func parse(_ text: String, name: String) throws(PatternFileError) -> DetectorSpec {
        var spec = DetectorSpec(name: name, kind: "", triggers: [], digitTrigger: nil, caseless: false,
                                digits: nil, pattern: "", positives: [], negatives: [])
        enum Section { case header, pattern, positive, negative }
        var section = Section.header
        var patternLines: [Substring] = []
        var lineNumber = 0
        func fail(_ reason: String) -> PatternFileError {
            PatternFileError(file: name, line: lineNumber, reason: reason)
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            switch line {
            case "pattern:": section = .pattern; continue
            case "positive:": section = .positive; continue
            case "negative:": section = .negative; continue
            default: break
            }
            switch section {
            case .pattern:
                patternLines.append(line)
            case .positive, .negative:
                if line.isEmpty || line.hasPrefix("#") { continue }
                if section == .negative {
                    spec.negatives.append(Array(line.utf8))
                    spec.negativeLineNumbers.append(lineNumber)
                    continue
                }
                guard var example = parseExample(line) else { throw fail("unbalanced «» marks in example") }
                example.lineNumber = lineNumber
                spec.positives.append(example)
            case .header:
                let trimmed = line.drop(while: { $0 == " " })
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard let colon = trimmed.firstIndex(of: ":") else { throw fail("expected 'key: value'") }
                let key = trimmed[..<colon]
                var value = trimmed[trimmed.index(after: colon)...]
                // A comment after a value starts with " # " (or " #" at the end of the line), so a
                // trigger such as `#64;` stays a trigger.
                if let hash = value.indices.first(where: { i in
                    value[i] == "#" && i > value.startIndex && value[value.index(before: i)] == " "
                        && (value.index(after: i) == value.endIndex || value[value.index(after: i)] == " ")
                }) {
                    value = value[..<hash]
                }
                let words = value.split(separator: " ")
                switch key {
                case "kind":
                    guard words.count == 1 else { throw fail("kind takes one word") }
                    spec.kind = String(words[0])
                case "triggers":
                    for w in words {
                        if w.hasPrefix("digits:") {
                            guard let n = Int(w.dropFirst(7)), n > 0 else { throw fail("bad digits: trigger") }
                            spec.digitTrigger = n
                        } else {
                            spec.triggers.append(Array(w.lowercased().utf8))
                        }
                    }
                case "options":
                    for w in words {
                        switch w {
                        case "caseless": spec.caseless = true
                        case "multiline": spec.multiline = true
                        default: throw fail("unknown option")
                        }
                    }
                case "country-lengths":
                    for w in words {
                        let parts = w.split(separator: ":")
                        let range = parts.count == 2 ? parts[1].split(separator: "-").compactMap { Int($0) } : []
                        guard parts.count == 2, let cc = Int(parts[0]), (1..<1000).contains(cc),
                              (1...2).contains(range.count), range[0] >= 1, range.last! <= 20, range[0] <= range.last! else {
                            throw fail("country-lengths takes CODE:MIN-MAX words")
                        }
                        spec.countryLengths[cc] = range[0]...range.last!
                    }
                case "match-bytes":
                    // Words: a byte (`_`, `0x23`), or a range (`a-z`, `0x80-0xff`).
                    var set = [UInt64](repeating: 0, count: 4)
                    func byte(_ w: Substring) -> UInt8? {
                        if w.hasPrefix("0x"), w.count == 4 { return UInt8(w.dropFirst(2), radix: 16) }
                        return w.utf8.count == 1 ? w.utf8.first : nil
                    }
                    for w in words {
                        let bounds: (UInt8, UInt8)
                        if let b = byte(w) {
                            bounds = (b, b)
                        } else if let dash = w.dropFirst().firstIndex(of: "-"), let lo = byte(w[..<dash]),
                                  let hi = byte(w[w.index(after: dash)...]), lo <= hi {
                            bounds = (lo, hi)
                        } else {
                            throw fail("match-bytes takes bytes (a, 0x23) and ranges (a-z, 0x80-0xff)")
                        }
                        for b in bounds.0...bounds.1 { set[Int(b >> 6)] |= 1 << UInt64(b & 63) }
                    }
                    spec.matchBytes = set
                case "digits":
                    let parts = value.split(separator: "-").map { Int(String($0.filter { $0 != " " })) }
                    guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo <= hi else {
                        throw fail("digits takes MIN-MAX")
                    }
                    spec.digits = lo...hi
                default:
                    throw fail("unknown header '\(key)'")
                }
            }
        }
        while let last = patternLines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { patternLines.removeLast() }
        spec.pattern = patternLines.joined(separator: "\n")
        if spec.kind.isEmpty { throw fail("missing kind") }
        if spec.pattern.allSatisfy({ $0 == " " || $0 == "\n" }) { throw fail("missing pattern") }
        if spec.triggers.isEmpty && spec.digitTrigger == nil { throw fail("missing triggers") }
        return spec
    }

    /// Byte by byte: « is C2 AB and » is C2 BB in UTF-8 (start-up parses a few hundred examples).
    private static func parseExample(_ line: Substring) -> Example? {
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        var open: Int?
        let utf8 = Array(line.utf8)
        bytes.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0xC2 && i + 1 < utf8.count && (utf8[i + 1] == 0xAB || utf8[i + 1] == 0xBB) {
                if utf8[i + 1] == 0xAB {
                    if open != nil { return nil }
                    open = bytes.count
                } else {
                    guard let o = open else { return nil }
                    spans.append(o..<bytes.count)
                    open = nil
                }
                i += 2
                continue
            }
            bytes.append(utf8[i])
            i += 1
        }
        if open != nil { return nil }
        if spans.isEmpty { spans = [0..<bytes.count] }
        return Example(line: bytes, expected: spans)
    }
}
