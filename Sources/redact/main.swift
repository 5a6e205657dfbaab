// `redact`: a streaming PII redaction filter. Thin: parses flags, wires sources, the pipeline
// and sinks together, and maps what happened to an exit code.

import ArgumentParser
import Glibc
import Redact
import RedactIO

/// Exit codes (sysexits.h where one fits).
enum Exit {
    static let ok: Int32 = 0
    static let usage: Int32 = 64        // EX_USAGE: unknown flag, bad value
    static let dataError: Int32 = 65    // EX_DATAERR: corrupt or truncated compressed input
    static let noInput: Int32 = 66      // EX_NOINPUT: an input file cannot be opened
    static let cantCreate: Int32 = 73   // EX_CANTCREAT: the --output file cannot be created
    static let ioError: Int32 = 74      // EX_IOERR: reading an input or writing the output failed
    static let brokenPipe: Int32 = 141  // 128 + SIGPIPE: the reader of stdout went away
}

/// A byte count with an optional binary suffix: `65536`, `64K`, `64KiB`, `1M`, `1MiB`, `1G`
/// (`KB`, `MB`, `GB` are decimal).
struct ByteCount: ExpressibleByArgument {
    var value: Int

    init(_ value: Int) { self.value = value }

    init?(argument: String) {
        let s = argument.lowercased()
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits) else { return nil }
        let multiplier: Int
        switch s.dropFirst(digits.count) {
        case "", "b": multiplier = 1
        case "k", "kib": multiplier = 1 << 10
        case "kb": multiplier = 1000
        case "m", "mib": multiplier = 1 << 20
        case "mb": multiplier = 1_000_000
        case "g", "gib": multiplier = 1 << 30
        case "gb": multiplier = 1_000_000_000
        default: return nil
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        value = v
    }

    var defaultValueDescription: String { value == 1 << 20 ? "1MiB" : "\(value)" }
}

extension DecompressMode: ExpressibleByArgument {}

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Remove personal data (e-mail addresses, phone numbers, Intercom PII fields) from logs.",
        discussion: """
            Reads the FILEs in order, as one stream (like cat), or standard input when none is \
            given ('-' also means standard input), and writes the redacted stream to standard \
            output. Inputs that start with a zstd frame are decompressed on the fly.

            Exit codes:
              0    success
              3    with --fail-on-find: the run succeeded and something was found
              64   usage error (unknown flag, bad value)
              65   corrupt or truncated zstd input (what came before it is written)
              66   an input file cannot be opened (the others are still processed)
              73   the --output file cannot be created
              74   I/O error reading an input or writing the output
              78   the policy, a pattern file or the pseudonym key is broken (nothing was read)
              141  standard output was closed by its reader (quietly, like cat on SIGPIPE)

            With --check-patterns, the FILEs are pattern files (*.pcre2, or directories of \
            them) and nothing is redacted: exit status 0 when every example passes, 1 when one \
            fails, 78 when a file is broken.
            """)

    @Argument(help: ArgumentHelp("Files to read in order ('-' is standard input).", valueName: "file"))
    var files: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var output: String?

    @Flag(help: "Write a summary to standard error at the end (counts only, never a value).")
    var stats = false

    @Option(help: ArgumentHelp(
        "Longest line handled whole; longer lines are redacted in pieces (accepts K/KiB, M/MiB suffixes).",
        valueName: "bytes"))
    var maxRecordSize = ByteCount(1 << 20)

    @Option(help: "Redaction threads (default: the number of cores).")
    var threads: Int?

    @Option(help: "Decompress zstd input: auto (when it starts with a zstd frame) or never.")
    var decompress: DecompressMode = .auto

    @Flag(help: "Write a zstd stream.")
    var compress = false

    @Option(help: "zstd compression level for --compress (default 3).")
    var level: Int32?

    @OptionGroup(title: "Sidecar and operator options")
    var sidecar: SidecarFlags

    @OptionGroup(title: "Policy") var policyOptions: PolicyOptions

    func validate() throws {
        if policyOptions.checkPatterns && (sidecar.follow != nil || stats || threads != nil) {
            throw ValidationError("--check-patterns checks pattern files and redacts nothing: drop --follow, --stats and --threads.")
        }
        try sidecar.validate(files: files)
        try policyOptions.validate(output: output, compress: compress)
        if let threads, threads < 1 || threads > 256 {
            throw ValidationError("--threads must be between 1 and 256.")
        }
        if maxRecordSize.value < 64 || maxRecordSize.value > 1 << 30 {
            throw ValidationError("--max-record-size must be between 64 bytes and 1GiB.")
        }
        if let level {
            guard compress else { throw ValidationError("--level needs --compress.") }
            guard ZstdEncodingSink.levelRange.contains(level) else {
                throw ValidationError(
                    "--level must be between \(ZstdEncodingSink.levelRange.lowerBound) and \(ZstdEncodingSink.levelRange.upperBound).")
            }
        }
    }

    func run() throws {
        if policyOptions.checkPatterns {
            let code = CheckPatterns.run(paths: files + policyOptions.patterns)
            if code != Exit.ok { throw ExitCode(code) }
            return
        }
        let started = Sys.monotonicNanoseconds()
        Sys.ignoreSIGPIPE()
        Sys.returnLargeAllocations()
        let plan = try policyOptions.makePlan(maxRecordSize: maxRecordSize.value)
        let sidecarRun = try SidecarRun(flags: sidecar)

        // Output.
        let outFD: Int32
        let outName: String
        if let output, output != "-" {
            // Like cat: refuse to truncate a file that is also an input.
            if let target = fileIdentity(output),
               let clash = files.first(where: { $0 != "-" && fileIdentity($0) == target }) {
                throw ValidationError("input file '\(clash)' is also the --output file.")
            }
            // A sidecar appends: a restart must not truncate what it already wrote.
            switch Sys.openForWriting(output, append: sidecarRun.isFollowing) {
            case .success(let fd): outFD = fd
            case .failure(let e):
                report("\(e)")
                throw ExitCode(Exit.cantCreate)
            }
            outName = output
        } else {
            outFD = 1
            outName = "<stdout>"
            Sys.enlargePipe(1)
        }
        let makeSink = { [compress, level] (fd: Int32) -> ByteSink in
            var sink: ByteSink = FileDescriptorSink(fd: fd, name: outName, closeWhenDone: fd != 1)
            if compress { sink = ZstdEncodingSink(inner: sink, level: level ?? 3) }
            return sink
        }
        let sink = policyOptions.sink(sidecarRun.outputSink(path: output, fd: outFD, makeSink: makeSink))

        // Input and pipeline.
        let source = sidecarRun.source(files: files, decompress: decompress)
        var configuration = PipelineConfiguration(maxRecordSize: plan.maxRecordSize)
        configuration.threads = threads ?? Sys.processorCount()
        sidecarRun.configure(&configuration)
        let pipeline = Pipeline(plan: plan, configuration: configuration)
        sidecarRun.attach(pipeline)
        var firstError: Int32 = Exit.ok
        pipeline.onInputError = { error in
            report("\(error)")
            if firstError == Exit.ok {
                switch error.kind {
                case .open: firstError = Exit.noInput
                case .read: firstError = Exit.ioError
                case .corrupt, .truncated: firstError = Exit.dataError
                }
            }
        }

        var code = Exit.ok
        do {
            try pipeline.run(source: source, sink: sink)
            code = firstError
        } catch {
            if error.isBrokenPipe {
                code = Exit.brokenPipe
            } else {
                report("\(error)")
                code = Exit.ioError
            }
        }

        sidecarRun.finish(pipeline)
        if code == Exit.ok, sidecarRun.session.outputError != nil { code = Exit.ioError }
        if stats {
            let elapsed = Double(Sys.monotonicNanoseconds() - started) / 1e9
            report(StatsReport.text(pipeline.stats, pipeline: pipeline.counters, elapsedSeconds: elapsed),
                   prefixed: false)
        }
        policyOptions.finish(stats: pipeline.stats, code: &code)
        if code != Exit.ok { throw ExitCode(code) }
    }
}

/// Device and inode of an existing regular file.
func fileIdentity(_ path: String) -> [UInt64]? {
    var st = stat()
    guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
    return [UInt64(st.st_dev), UInt64(st.st_ino)]
}

/// Writes a message to standard error (never input bytes: callers pass names, counts, codes).
func report(_ message: String, prefixed: Bool = true) {
    var text = prefixed ? "redact: " + message : message
    if !text.hasSuffix("\n") { text += "\n" }
    text.utf8.withContiguousStorageIfAvailable { _ = Sys.writeAll(2, UnsafeRawBufferPointer($0)) }
}

RedactCommand.main()
