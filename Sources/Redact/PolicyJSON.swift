// A small strict JSON reader for policy files that remembers the line of every value, so that a
// broken policy is refused with the line of the mistake. Policy files only: never used on input.

struct PolicyJSON {
    enum Value {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([PolicyJSON])
        case object([(key: String, value: PolicyJSON)])
    }

    var value: Value
    var line: Int

    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    static func parse(_ text: String) throws(SyntaxError) -> PolicyJSON {
        var p = Parser(bytes: Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("unexpected text after the document") }
        return v
    }

    var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0

        func error(_ reason: String) -> SyntaxError {
            SyntaxError(line: line, column: i - lineStart + 1, reason: reason)
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x0A: i += 1; line += 1; lineStart = i
                case 0x20, 0x09, 0x0D: i += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> PolicyJSON {
            guard depth < 64 else { throw error("nested too deeply") }
            guard i < bytes.count else { throw error("unexpected end of file") }
            let l = line
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: String, value: PolicyJSON)] = []
                var keys = Set<String>()   // a search of `members` per key was quadratic
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return PolicyJSON(value: .object(members), line: l) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                    let keyLine = line
                    let key = try string()
                    if !keys.insert(key).inserted {
                        throw SyntaxError(line: keyLine, column: 1, reason: "duplicate key '\(key)'")
                    }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                    i += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of file in an object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return PolicyJSON(value: .object(members), line: l) }
                    throw error("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [PolicyJSON] = []
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return PolicyJSON(value: .array(items), line: l) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of file in an array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return PolicyJSON(value: .array(items), line: l) }
                    throw error("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return PolicyJSON(value: .string(try string()), line: l)
            case UInt8(ascii: "t"):
                try literal("true"); return PolicyJSON(value: .bool(true), line: l)
            case UInt8(ascii: "f"):
                try literal("false"); return PolicyJSON(value: .bool(false), line: l)
            case UInt8(ascii: "n"):
                try literal("null"); return PolicyJSON(value: .null, line: l)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let s = i
                while i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: ".")
                        || bytes[i] | 0x20 == UInt8(ascii: "e") || bytes[i] &- 48 < 10 { i += 1 }
                guard let d = Double(String(decoding: bytes[s..<i], as: UTF8.self)) else { i = s; throw error("bad number") }
                return PolicyJSON(value: .number(d), line: l)
            default:
                throw error("unexpected character (comments are not allowed in JSON)")
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw error("unexpected word") }
            i += w.count
        }

        mutating func string() throws(SyntaxError) -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { throw error("control character or line break in a string") }
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { break }
                    let c = bytes[i + 1]
                    i += 2
                    switch c {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(v) else { throw error("bad \\u escape") }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                        i += 4
                    default: throw error("bad escape in a string")
                    }
                    continue
                }
                out.append(b)
                i += 1
            }
            throw error("unterminated string")
        }
    }
}
