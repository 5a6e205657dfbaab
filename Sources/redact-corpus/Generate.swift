import ArgumentParser
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic corpus to stdout or a file.",
        discussion: """
        With --size the output is exactly that many bytes: whole records, then one filler line \
        ('#' and dots) for the remainder. With --lines, whole records until at least that many \
        lines. Sizes: plain bytes, or K/KB/KiB, M/MB/MiB, G/GB/GiB (all powers of 1024).
        """)

    @OptionGroup var corpus: CorpusOptions

    @Option(help: "Exact output size, e.g. 64MB, 1GB, 500KB, 1000.")
    var size: String?

    @Option(help: "Write whole records until at least this many lines (instead of --size).")
    var lines: Int?

    @Option(name: .shortAndLong, help: "Output file (default: stdout).")
    var output: String?

    @Option(help: ArgumentHelp("With --lines: also write the labels, one JSON object per line (family; kind, context, format, variant, offset and length of each planted value; never the value itself).", valueName: "file"))
    var labels: String?

    func validate() throws {
        if size != nil && lines != nil { throw ValidationError("give either --size or --lines, not both") }
        if let s = size, parseSize(s) == nil { throw ValidationError("cannot read size '\(s)' (try 64MB, 1GB, 500KB)") }
        if let l = lines, l < 0 { throw ValidationError("--lines must not be negative") }
        if labels != nil && lines == nil { throw ValidationError("--labels needs --lines") }
    }

    func run() throws {
        let fd: Int32
        if let path = output {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd < 0 { throw CorpusError.open(path: path, errno: errno) }
        } else {
            fd = 1
        }
        defer { if fd != 1 { close(fd) } }
        let writer = FDWriter(fd: fd)
        var gen = CorpusGenerator(seed: corpus.seed ?? 1, mix: corpus.mix ?? .production, piiRatio: corpus.piiRatio)
        do {
            if let lines {
                var labelWriter: FDWriter?
                if let path = labels {
                    let lfd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                    if lfd < 0 { throw CorpusError.open(path: path, errno: errno) }
                    labelWriter = FDWriter(fd: lfd)
                }
                defer { if let l = labelWriter { close(l.fd) } }
                var produced = 0
                var buf: [UInt8] = [], labelBuf: [UInt8] = []
                buf.reserveCapacity(1 << 20)
                while produced < lines {
                    for line in gen.nextRecord() {
                        buf.append(contentsOf: line.bytes); buf.append(0x0A); produced += 1
                        if labelWriter != nil { labelBuf.append(contentsOf: labelJSON(line.label, line: produced).utf8) }
                    }
                    if buf.count >= 1 << 20 { try buf.withUnsafeBytes { try writer.write($0) }; buf.removeAll(keepingCapacity: true) }
                    if labelBuf.count >= 1 << 20, let l = labelWriter {
                        try labelBuf.withUnsafeBytes { try l.write($0) }; labelBuf.removeAll(keepingCapacity: true)
                    }
                }
                try buf.withUnsafeBytes { try writer.write($0) }
                if let l = labelWriter { try labelBuf.withUnsafeBytes { try l.write($0) } }
            } else {
                let total = parseSize(size ?? "64MB")!
                try gen.stream(bytes: total) { try writer.write($0) }
            }
        } catch let e as CorpusError {
            printError(e.description)
            throw ExitCode(1)
        }
    }
}

/// One label as a JSON line: positions and descriptions only, never the planted bytes.
func labelJSON(_ label: LineLabel, line: Int) -> String {
    func items(_ list: [Planted]) -> String {
        list.map { p in
            "{\"kind\":\"\(p.kind.rawValue)\",\"context\":\"\(p.context.rawValue)\",\"format\":\"\(p.format)\","
                + "\"variant\":\"\(p.variant)\",\"offset\":\(p.offset),\"length\":\(p.bytes.count)}"
        }.joined(separator: ",")
    }
    return "{\"line\":\(line),\"family\":\"\(label.family)\",\"within_pii_field\":\(label.withinPIIField),"
        + "\"pii\":[\(items(label.pii))],\"lookalikes\":[\(items(label.lookalikes))]}\n"
}
