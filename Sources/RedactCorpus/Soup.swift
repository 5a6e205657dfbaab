/// Hostile input for the redactor's robustness checks, not its recall: lines of random tokens
/// from the forms the scanner understands (keys in every syntax it reads, typed objects, Go's
/// maps, flattened keys, quotes and escapes, brackets, PHP, Ruby, YAML and XML fragments,
/// addresses and numbers in their encodings), cut and joined at random, some wrapped in JSON
/// strings up to three levels deep. What a check asks of it: no trap, one output line per input
/// line, and the same output however the input is split into chunks or spread over threads.
/// Deterministic: the same seed and count give the same bytes on every machine.
public struct TokenSoup {
    /// The grammars: one weighted to structure (where a frame stack is pushed and popped), one of
    /// the line formats the scanner recognises (multi-line fragments included).
    public enum Grammar: String, Sendable, CaseIterable {
        case structure
        case formats
    }

    static let structure = [
        "{", "}", "[", "]", "(", ")", "\"", "\\\"", "\\", "'", ":", ",", "=", " ", "custom_attributes=",
        "customAttributes: ", "Attrs(", "ssn=", "\"ssn\":", "name=", "user.name=", "\"user.name\":", "email: ",
        "map[string]interface {}{", "map[string][]string{", "[]string{", "1", "a@b.io", "+1 415 555 0100",
        "=>", "type", "\"type\":\"tag\"", "<p>", "service.name=", "location.city=", "contacts.0.name=",
        "\\u0040", "%40",
    ]

    static let formats = [
        "{", "}", "[", "]", "(", ")", "\"", "\\\"", "\\\\\\\"", "\\", "\\\\", "'", ":", ": ", ",", "=", " ",
        "\n", "\n", "Array\n(\n", "    [email] => ", "    [custom_attributes] => Array\n", "        (\n",
        "        )\n", ")\n", "array (\n", "  'name' => ", "  'location' => \n", "{\"name\"=>", ":name=>",
        "contact[custom_attributes][ssn]=", "contact[name]=", "&", "<name>", "</name>", "<contact>",
        "\\u003cname\\u003e", "\\u003c/name\\u003e", "&lt;name&gt;", "&lt;/name&gt;",
        "<custom_attributes>\n", "  <ssn>", "</ssn>\n", "  <address>\n", "</address>", "</custom_attributes>\n",
        "<location>\n", "    ", "  <address>2 Side St\n", "Springfield\n", "  <name>Jane\n",
        "  address: |\n", "- location:\n", "service:\n", "location:  # c\n", "\"custom_attributes\":\n",
        "2026-11-25T02:10:55.123Z stdout F ", "2026-11-25T02:10:55Z stderr P ",
        "<email>", "Jane Doe", "123-45-6789", "020 7946 0958", "name: ", "  email: ", "location:\n",
        "  city: ", "custom_attributes:\n", "    ssn: ", "{\n", "  \"custom_attributes\": {\n", "    \"ssn\": ",
        "  },\n", "}\n", "[\n", "  ]\n", "Contact(", "CustomAttributes:map[string]interface {}{",
        "&quot;", "%22", "&#64;", "&commat;", "u'name': ", "b'", "{'ssn': ", "name=\"", "#", "//", "\t",
        "\r", "é", "１２３", "＠", "\u{0}", "2026-11-23T10:00:00Z", "Name = ", "Contact { ",
        "=\\u003e", "\\u0026#x40;", "{\"log\":\"",
    ]

    private var random: Xoshiro256StarStar
    private let tokens: [String]
    private let maxTokens: Int

    public init(seed: UInt64, grammar: Grammar, maxTokens: Int = 30) {
        random = Xoshiro256StarStar(seed: seed)
        tokens = grammar == .structure ? Self.structure : Self.formats
        self.maxTokens = max(0, maxTokens)
    }

    /// The next record: one or more lines (a token may hold newlines), without its final newline.
    public mutating func nextRecord() -> String {
        var s = ""
        for _ in 0..<random.range(0, maxTokens) { s += random.pick(tokens) }
        // Wrapped in JSON strings: as a field's value, or bare escaped text.
        for _ in 0..<random.range(0, 3) where random.chance(300) {
            s = random.chance(500) ? "{\"m\":\"" + Self.jsonEscaped(s) + "\"}" : Self.jsonEscaped(s)
        }
        // Each line as the `log` string of a record of Docker's json-file driver.
        if random.chance(100) {
            s = s.split(separator: "\n", omittingEmptySubsequences: false).map {
                "{\"log\":\"" + Self.jsonEscaped(String($0)) + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T02:10:55.123456789Z\"}"
            }.joined(separator: "\n")
        }
        return s
    }

    /// Records, each followed by a newline, until at least `lines` newlines are written.
    public mutating func bytes(lines: Int) -> [UInt8] {
        var out: [UInt8] = []
        var newlines = 0
        while newlines < lines {
            let r = nextRecord()
            out.append(contentsOf: r.utf8)
            out.append(0x0A)
            newlines += 1 + r.utf8.count(where: { $0 == 0x0A })
        }
        return out
    }

    /// `s` as the content of a JSON string: `"` and `\` backslash-escaped, as `Builder` escapes
    /// nested documents (control bytes stay raw: hostile input).
    static func jsonEscaped(_ s: String) -> String {
        var out: [UInt8] = []
        for b in s.utf8 {
            if b == 0x22 || b == 0x5C { out.append(0x5C) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
