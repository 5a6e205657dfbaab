import ArgumentParser
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TokenSoup.Grammar: ExpressibleByArgument {}

struct Soup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write hostile token soup for robustness checks (no labels, not for recall).",
        discussion: """
        Lines of random tokens of the forms the scanner reads (keys, typed objects, Go maps, \
        quotes, escapes, brackets, PHP, Ruby, YAML and XML fragments), some wrapped in JSON \
        strings. scripts/fuzz runs redact on it: no crash, one output line per input line, the \
        same output with one thread and two.
        """)

    @Option(help: "structure (weighted to brackets, keys and quotes) or formats (line formats, multi-line fragments).")
    var grammar: TokenSoup.Grammar = .structure

    @Option(help: "Random seed, any unsigned 64-bit number.")
    var seed: UInt64 = 1

    @Option(help: "Write records until at least this many lines.")
    var lines: Int = 100_000

    @Option(name: .customLong("max-tokens"), help: "Most tokens per record.")
    var maxTokens: Int = 30

    @Option(name: .shortAndLong, help: "Output file (default: stdout).")
    var output: String?

    func validate() throws {
        if lines < 0 { throw ValidationError("--lines must not be negative") }
        if maxTokens < 0 { throw ValidationError("--max-tokens must not be negative") }
    }

    func run() throws {
        let fd: Int32 = output.map { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } ?? 1
        if fd < 0 { printError(CorpusError.open(path: output!, errno: errno).description); throw ExitCode(1) }
        defer { if fd != 1 { close(fd) } }
        var soup = TokenSoup(seed: seed, grammar: grammar, maxTokens: maxTokens)
        let bytes = soup.bytes(lines: lines)
        do {
            try bytes.withUnsafeBytes { try FDWriter(fd: fd).write($0) }
        } catch let e as CorpusError {
            printError(e.description)
            throw ExitCode(1)
        }
    }
}
