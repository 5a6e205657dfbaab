// Policy, action, key and report flags of `redact` (docs/policy.md). The command includes them with
// `@OptionGroup var policyOptions: PolicyOptions`, builds its plan with `makePlan`, and calls
// `finish` at the end of a run.

import ArgumentParser
import Glibc
import Redact
import RedactIO

extension Exit {
    /// `--fail-on-find`: the run went well and something was found (and redacted).
    static let found: Int32 = 3
    /// EX_CONFIG: the policy, a pattern file or the pseudonym key is broken (nothing was read).
    static let config: Int32 = 78
}

/// `--action`: token, pseudonym, partial, partial:N or remove.
struct ActionArgument: ExpressibleByArgument {
    var action: RedactionAction
    init?(argument: String) {
        guard let a = RedactionAction(name: argument) else { return nil }
        action = a
    }
}

struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A policy file (JSON, see docs/policy.md): field rules, actions, allowlist, patterns, key. Default: the built-in Intercom policy.",
        valueName: "file"))
    var policy: String?

    @Option(help: ArgumentHelp(
        "A directory of extra *.pcre2 detectors (repeatable); a file named like a built-in one replaces it.",
        valueName: "dir"))
    var patterns: [String] = []

    @Option(help: ArgumentHelp(
        "Action for every kind the policy gives none: token (default), pseudonym (needs --key-file or --key-env), partial[:N], remove.",
        valueName: "action"))
    var action: ActionArgument?

    @Option(help: ArgumentHelp("File holding the pseudonym key (at least 16 bytes).", valueName: "path"))
    var keyFile: String?

    @Option(help: ArgumentHelp("Environment variable holding the pseudonym key.", valueName: "name"))
    var keyEnv: String?

    @Option(help: ArgumentHelp("Key id written into pseudonyms (default: the policy's, else derived from the key).", valueName: "id"))
    var keyId: String?

    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Write a JSON report of what was redacted (counts per field path and detector, line numbers, never values).",
        valueName: "file"))
    var reportFile: String?

    @Flag(help: "Write no redacted output; write the report (to --report, else standard output).")
    var dryRun = false

    @Flag(help: "Exit with status 3 when anything was found (after a run that otherwise succeeded).")
    var failOnFind = false

    @Flag(help: ArgumentHelp(
        "Check pattern files instead of redacting: every positive and negative example is run through the engine and each failure is printed with what it should and did match. The files are *.pcre2 files and directories of them (and the --patterns directories); none: the built-in detectors. Reads no log input. Exit status 0: all pass, 1: an example fails, 78: a file is broken."))
    var checkPatterns = false

    func validate() throws {
        if keyFile != nil && keyEnv != nil { throw ValidationError("give --key-file or --key-env, not both.") }
    }

    /// Checks against the command's own flags.
    func validate(output: String?, compress: Bool) throws {
        if checkPatterns {
            let others = [("--output", output != nil), ("--compress", compress), ("--policy", policy != nil),
                          ("--action", action != nil), ("--key-file", keyFile != nil), ("--key-env", keyEnv != nil),
                          ("--key-id", keyId != nil), ("--report", reportFile != nil), ("--dry-run", dryRun),
                          ("--fail-on-find", failOnFind)]
            if let clash = others.first(where: { $0.1 }) {
                throw ValidationError("--check-patterns checks pattern files and redacts nothing: drop \(clash.0).")
            }
        }
        if dryRun && (output != nil || compress) {
            throw ValidationError("--dry-run writes no output: drop --output and --compress.")
        }
    }

    /// Line numbers kept per rule and detector in the report.
    static let reportLineLimit = 1000

    /// Loads and compiles the policy, patterns and key, before any input is read. A broken one is
    /// reported (file, line, reason; never the key) and the command exits with status 78.
    func makePlan(maxRecordSize: Int) throws -> RedactionPlan {
        do throws(PolicyError) {
            var file = try policy.map(PolicyFile.load) ?? PolicyFile(policy: .intercom, file: "command line")
            for dir in patterns {
                let extra = try PolicyFile.loadPatterns(directory: dir)
                file.policy.detectors = file.policy.detectors.filter { d in !extra.contains { $0.name == d.name } } + extra
            }
            if let action { file.policy.defaultAction = action.action }
            file.policy.maxRecordSize = maxRecordSize
            if reportFile != nil || dryRun { file.policy.reportLineLimit = Self.reportLineLimit }
            let key = keyFile.map(PseudonymKeySource.file) ?? keyEnv.map(PseudonymKeySource.environment)
            return try RedactionPlan(policy: file.resolved(keySource: key, keyID: keyId))
        } catch {
            report("\(error)")
            throw ExitCode(Exit.config)
        }
    }

    /// Output for the redacted stream: none in a dry run.
    func sink(_ sink: ByteSink) -> ByteSink { dryRun ? DiscardSink() : sink }

    /// End of run: writes the report and applies `--fail-on-find` to `code`.
    func finish(stats: RedactionStats, code: inout Int32) {
        if reportFile != nil || dryRun {
            let json = RedactionReport.json(stats)
            if let path = reportFile, path != "-" {
                switch Sys.openForWriting(path) {
                case .success(let fd):
                    let failed = json.utf8.withContiguousStorageIfAvailable { Sys.writeAll(fd, UnsafeRawBufferPointer($0)) } ?? nil
                    if close(fd) != 0 || failed != nil {
                        report("cannot write the report \(path)")
                        reportFailure(path, &code)
                    }
                case .failure(let e):
                    report("\(e)")
                    reportFailure(path, &code)
                }
            } else {
                json.utf8.withContiguousStorageIfAvailable { _ = Sys.writeAll(1, UnsafeRawBufferPointer($0)) }
            }
        }
        if failOnFind && code == Exit.ok && stats.redactions > 0 { code = Exit.found }
    }

    private func reportFailure(_ path: String, _ code: inout Int32) {
        if code == Exit.ok { code = Exit.cantCreate }
    }
}

/// A sink that keeps nothing (`--dry-run`).
final class DiscardSink: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {}
    func flush() throws(IOError) {}
    func finish() throws(IOError) {}
}
