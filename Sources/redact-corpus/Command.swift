import ArgumentParser
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct RedactCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact-corpus",
        abstract: "Generate labelled synthetic Intercom-integration logs and evaluate the redactor on them.",
        discussion: """
        All data is synthetic and deterministic: the same seed, mix and PII ratio give the same \
        bytes on every machine.
        """,
        subcommands: [Generate.self, Eval.self, Soup.self])
}

extension Mix: ExpressibleByArgument {}

extension PlantedKind: ExpressibleByArgument {}

/// Options shared by both subcommands.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Line mix: production (about 5% of lines carry PII), dense (every line), json (JSON lines only), text (non-JSON lines only). Default: production for generate, dense for eval.")
    var mix: Mix?

    @Option(help: "Random seed, any unsigned 64-bit number. Default: 1 for generate, 7 for eval.")
    var seed: UInt64?

    @Option(name: .customLong("pii-ratio"), help: "Share of records that carry PII (0...1), overriding the mix's default.")
    var piiRatio: Double?

    func validate() throws {
        if let r = piiRatio, !(0...1).contains(r) { throw ValidationError("--pii-ratio must be between 0 and 1") }
    }
}

/// Parses `64MB`, `1GB`, `512KiB`, `1000` (bytes). K, M, G (with or without B or iB) are powers of 1024.
func parseSize(_ text: String) -> Int? {
    let s = text.trimmingCharacters(in: " ").uppercased()
    var digits = "", unit = ""
    for ch in s { if unit.isEmpty && ch.isNumber { digits.append(ch) } else { unit.append(ch) } }
    guard let n = Int(digits) else { return nil }
    let mult: Int
    switch unit {
    case "", "B": mult = 1
    case "K", "KB", "KIB": mult = 1 << 10
    case "M", "MB", "MIB": mult = 1 << 20
    case "G", "GB", "GIB": mult = 1 << 30
    default: return nil
    }
    let (r, overflow) = n.multipliedReportingOverflow(by: mult)
    return overflow ? nil : r
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

/// Writes whole buffers to a file descriptor, retrying on EINTR and short writes.
struct FDWriter {
    let fd: Int32

    func write(_ buf: UnsafeRawBufferPointer) throws {
        var p = buf.baseAddress
        var left = buf.count
        while left > 0, let base = p {
            let n = Glibc.write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.write(errno: errno)
            }
            p = base + n
            left -= n
        }
    }
}

enum CorpusError: Error, CustomStringConvertible {
    case write(errno: Int32)
    case open(path: String, errno: Int32)

    var description: String {
        switch self {
        case .write(let e): return "redact-corpus: write failed: \(String(cString: strerror(e)))"
        case .open(let path, let e): return "redact-corpus: cannot open \(path): \(String(cString: strerror(e)))"
        }
    }
}

/// Writes a line to stderr (best effort).
func printError(_ s: String) {
    var bytes = Array(s.utf8)
    bytes.append(0x0A)
    bytes.withUnsafeBytes { try? FDWriter(fd: 2).write($0) }
}
