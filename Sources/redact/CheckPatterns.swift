// `redact --check-patterns [PATH...]`: runs the examples of pattern files through the engine
// (`PatternCheck`) and prints every example that fails, with what it should and did match. It
// reads pattern files only, never log input; the examples it quotes are the pattern author's
// synthetic data.

import ArgumentParser
import Glibc
import Redact
import RedactIO

enum CheckPatterns {
    /// Exit status: 0 every example passes, 1 some example fails, 78 a file is broken (cannot be
    /// read, does not parse or compile); the other files are still checked.
    static func run(paths: [String]) -> Int32 {
        let results: [Result<PatternCheckResult, PolicyError>]
        if paths.isEmpty {
            results = PatternCheck.check(plan: .intercom).map { .success($0) }
        } else {
            results = PatternCheck.check(paths: paths)
        }
        var out = ""
        var failures = 0, failingFiles = 0, broken = 0, files = 0
        for result in results {
            switch result {
            case .failure(let error):
                broken += 1
                report("\(error)")
            case .success(let r):
                files += 1
                for f in r.failures { out += "FAIL " + f.quotedDescription + "\n" }
                let status = r.passed ? "ok" : "\(r.failures.count) FAILED"
                out += "\(r.file): \(r.spec.kind), \(r.positives) positive, \(r.negatives) negative: \(status)\n"
                failures += r.failures.count
                if !r.passed { failingFiles += 1 }
            }
        }
        var summary: [String] = []
        if failures > 0 { summary.append("\(failures) failing example(s) in \(failingFiles) of \(files) file(s)") }
        if broken > 0 { summary.append("\(broken) broken file(s)") }
        out += "check-patterns: " + (summary.isEmpty ? "all \(files) file(s) pass" : summary.joined(separator: ", ")) + "\n"
        out.utf8.withContiguousStorageIfAvailable { _ = Sys.writeAll(1, UnsafeRawBufferPointer($0)) }
        return broken > 0 ? Exit.config : failures > 0 ? 1 : Exit.ok
    }
}
