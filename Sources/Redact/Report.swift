// What a run found, without the values: counts per field rule (JSON path) and per detector, and the
// line numbers where they were found. Rendered as JSON by `RedactionReport` for `--report`.

extension RedactionStats {
    /// What one field rule or detector redacted: counts and line numbers, never a value.
    public struct Finding: Sendable, Equatable {
        /// Where a finding comes from.
        public enum Origin: String, Sendable, Equatable {
            /// A field rule (`name` is its path as written: `email`, `custom_attributes.*`).
            case field
            /// A value detector (`name` is its pattern file's name without `.pcre2`).
            case detector
            /// A phone-like value of a key such as `mobile_number` (`policy.phoneKeyWords`).
            case phoneKey = "phone-key"
            /// A string value that allowlist mode redacted.
            case allowlist
        }

        /// A field rule, a detector, a phone-like key or allowlist mode.
        public var origin: Origin
        /// The rule's path as written, or the detector's name.
        public var name: String
        /// The kind it redacts (`email`, `phone`, ...).
        public var kind: String
        /// Redactions (a removed field counts one).
        public var count: Int
        /// Line numbers (1-based, ascending, each once) of the first lines with a redaction.
        public var lines: [Int]
        /// At most this many line numbers are kept; `count` is always complete.
        public var lineLimit: Int

        /// A finding (line numbers 1-based and ascending).
        public init(origin: Origin, name: String, kind: String, count: Int, lines: [Int], lineLimit: Int) {
            self.origin = origin; self.name = name; self.kind = kind
            self.count = count; self.lines = lines; self.lineLimit = lineLimit
        }

        /// The key in `RedactionStats.findings`: `field:email`, `detector:phone`.
        public var label: String { origin.rawValue + ":" + name }

        /// Line numbers were left out (more lines had findings than `lineLimit`).
        public var linesTruncated: Bool { lines.count >= lineLimit && lineLimit > 0 && count > lines.count }

        var emptied: Finding { Finding(origin: origin, name: name, kind: kind, count: 0, lines: [], lineLimit: lineLimit) }

        /// Adds `other`, whose line numbers are shifted by `lineOffset`.
        mutating func add(_ other: Finding, lineOffset: Int) {
            count += other.count
            lineLimit = max(lineLimit, other.lineLimit)
            guard !other.lines.isEmpty, lines.count < lineLimit else { return }
            if let last = lines.last, other.lines[0] + lineOffset <= last {
                // Same label from two entries of one chunk (a removal and its token fallback): merge.
                var all = Set(lines)
                for l in other.lines { all.insert(l + lineOffset) }
                lines = Array(all.sorted().prefix(lineLimit))
            } else {
                for l in other.lines where lines.count < lineLimit { lines.append(l + lineOffset) }
            }
        }
    }

    /// The findings added since `earlier`, a snapshot of the same growing statistics (one redactor),
    /// with line numbers relative to `earlier.lines`: what a pipeline merges, in order, per chunk.
    public func findings(since earlier: RedactionStats) -> [String: Finding] {
        var d: [String: Finding] = [:]
        for (label, f) in findings {
            let before = earlier.findings[label]
            let n = f.count - (before?.count ?? 0)
            guard n > 0 else { continue }
            var g = f
            g.count = n
            g.lines = f.lines.filter { $0 > earlier.lines }.map { $0 - earlier.lines }
            d[label] = g
        }
        return d
    }
}

/// A report of what was (or would be) redacted, as JSON: totals, counts per kind, per field rule
/// (JSON path) and per detector, with line numbers. Never a value or an input line.
///
/// ```json
/// {"lines":120,"redactions":7,"found":true,
///  "kinds":{"email":5,"phone":2},
///  "fields":[{"path":"email","kind":"email","count":3,"lines":[1,4,9],"lines_truncated":false}],
///  "detectors":[{"name":"email","kind":"email","count":2,"lines":[4,7],"lines_truncated":false}],
///  "oversized_records":0,"limit_masks":0,"partial_flushes":0,"partial_masks":0}
/// ```
public enum RedactionReport {
    /// The report of `stats` as one JSON document (ending in a newline).
    public static func json(_ stats: RedactionStats) -> String {
        var o = "{"
        o += "\"lines\":\(stats.lines),\"redactions\":\(stats.redactions),\"found\":\(stats.redactions > 0),"
        o += "\"kinds\":{" + stats.byKind.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\($0.value)" }.joined(separator: ",") + "},"
        func list(_ origins: [RedactionStats.Finding.Origin], nameKey: String) -> String {
            let items = stats.findings.values.filter { origins.contains($0.origin) }.sorted { ($0.origin.rawValue, $0.name) < ($1.origin.rawValue, $1.name) }
            return "[" + items.map { f in
                "{\(quote(nameKey)):\(quote(f.name)),\"kind\":\(quote(f.kind)),\"count\":\(f.count),"
                    + "\"lines\":[" + f.lines.map(String.init).joined(separator: ",") + "],\"lines_truncated\":\(f.linesTruncated)}"
            }.joined(separator: ",") + "]"
        }
        o += "\"fields\":" + list([.field, .phoneKey, .allowlist], nameKey: "path") + ","
        o += "\"detectors\":" + list([.detector], nameKey: "name") + ","
        o += "\"oversized_records\":\(stats.oversizedRecords),\"limit_masks\":\(stats.limitMasks),"
        o += "\"partial_flushes\":\(stats.partialFlushes),\"partial_masks\":\(stats.partialMasks)}\n"
        return o
    }

    /// A JSON string literal (names from the policy, never input data).
    static func quote(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case _ where u.value < 0x20:
                let h = String(u.value, radix: 16)
                o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: o.unicodeScalars.append(u)
            }
        }
        return o + "\""
    }
}
