import ArgumentParser
import Redact
import RedactCorpus

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the redaction engine over a generated corpus; report recall, look-alike survival and untouched lines.",
        discussion: """
        The corpus (default: dense mix, seed 7) is fed through StreamRedactor with the built-in \
        Intercom plan (RedactionPlan.intercom), so pretty-printed documents that span lines are \
        redacted as a stream. A planted personal value counts as caught when its exact bytes no \
        longer occur in its output line; a look-alike survives when its exact bytes still occur; \
        a line without personal data must come out byte-identical.

        The report holds kinds, formats, variants and counts only, never a value. --show-misses \
        is a debugging aid that prints the offending input and output lines to stderr: these are \
        synthetic test data, never real logs.

        Exit status: 0 when the run completes (and, with --check, every target holds); 1 when a \
        --check target fails (including a different number of output lines); 64 on bad options.
        """)

    @OptionGroup var corpus: CorpusOptions

    @Option(help: "Generate whole records until at least this many lines.")
    var lines: Int = 20000

    @Flag(help: "Exit with status 1 unless every target below holds.")
    var check = false

    @Option(name: .customLong("min-field-recall"), help: "Target: % of field-level values (JSON PII keys, any layout) redacted.")
    var minFieldRecall: Double = 99.9

    @Option(name: .customLong("min-email-text-recall"), help: "Target: % of e-mail addresses outside PII fields redacted.")
    var minEmailTextRecall: Double = 99.5

    @Option(name: .customLong("min-phone-text-recall"), help: "Target: % of phone numbers outside PII fields redacted.")
    var minPhoneTextRecall: Double = 99.0

    @Option(name: .customLong("min-lookalike-survival"), help: "Target: % of look-alikes left intact.")
    var minLookalikeSurvival: Double = 99.5

    @Option(name: .customLong("min-clean-identical"), help: "Target: % of lines without PII that come out byte-identical.")
    var minCleanIdentical: Double = 100

    @Option(name: .customLong("exclude-lookalike"), parsing: .singleValue,
            help: "Leave this look-alike kind out of the survival target (repeatable), e.g. non_person_name.")
    var excludeLookalike: [PlantedKind] = []

    @Option(name: .customLong("chunk-size"), help: "Bytes handed to the stream redactor at a time.")
    var chunkSize: Int = 64 * 1024

    @Flag(help: "Also list recall for every phone variant and every e-mail/phone format.")
    var detail = false

    @Flag(name: .customLong("show-misses"), help: "Debug: print missed lines (input and output) to stderr. Prints synthetic test data.")
    var showMisses = false

    @Option(name: .customLong("miss-limit"), help: "With --show-misses: at most this many lines per problem.")
    var missLimit: Int = 20

    func validate() throws {
        if lines < 1 { throw ValidationError("--lines must be at least 1") }
        if chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1") }
        if let k = excludeLookalike.first(where: { $0.isPII }) {
            throw ValidationError("\(k.rawValue) is personal data, not a look-alike")
        }
    }

    func run() throws {
        let mix = corpus.mix ?? .dense
        let seed = corpus.seed ?? 7
        var gen = CorpusGenerator(seed: seed, mix: mix, piiRatio: corpus.piiRatio)
        let input = gen.lines(atLeast: lines)

        var text: [UInt8] = []
        text.reserveCapacity(input.reduce(0) { $0 + $1.bytes.count + 1 })
        for l in input { text.append(contentsOf: l.bytes); text.append(0x0A) }

        let plan = RedactionPlan.intercom
        var redactor = StreamRedactor(plan: plan)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 4)
        let clock = ContinuousClock()
        let started = clock.now
        text.withUnsafeBytes { all in
            var i = 0
            while i < all.count {
                let n = min(chunkSize, all.count - i)
                redactor.feed(UnsafeRawBufferPointer(rebasing: all[i..<(i + n)]), into: &out)
                i += n
            }
        }
        redactor.finish(into: &out)
        let elapsed = clock.now - started

        var outLines: [ArraySlice<UInt8>] = out.split(separator: 0x0A, omittingEmptySubsequences: false)
        if out.last == 0x0A { outLines.removeLast() }

        var eval = Evaluation(excludedLookalikes: Set(excludeLookalike))
        var shown: [EvaluationMiss.Problem: Int] = [:]
        for (i, line) in input.enumerated() {
            let o: ArraySlice<UInt8> = i < outLines.count ? outLines[i] : []
            let misses = eval.add(input: line, output: o, lineNumber: i + 1)
            if showMisses {
                for m in misses where shown[m.problem, default: 0] < missLimit {
                    shown[m.problem, default: 0] += 1
                    printError("line \(i + 1): \(m.problem.rawValue): \(m.what)")
                    printError("  in:  " + String(decoding: line.bytes, as: UTF8.self))
                    printError("  out: " + String(decoding: o, as: UTF8.self))
                }
            }
        }

        var r = Report()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        r.line("redact-corpus eval: mix=\(mix.rawValue) seed=\(seed) pii-ratio=\(gen.piiRatio)")
        r.line("input: \(input.count) lines, \(text.count) bytes; output: \(outLines.count) lines, \(out.count) bytes; "
               + "engine \(fmt(seconds * 1000, 1)) ms (\(fmt(Double(text.count) / 1_048_576 / max(seconds, 1e-9), 1)) MiB/s\(buildNote))")
        r.line("")
        r.table("Personal data by kind and context", eval.byKindContext, good: "caught")
        r.table("By line family", eval.byFamily, good: "caught")
        r.table(detail ? "By kind and format" : "By kind and format (e-mail and phone)",
                detail ? eval.byFormat : eval.byFormat.filter { $0.key.hasPrefix("email ") || $0.key.hasPrefix("phone ") },
                good: "caught")
        r.table("E-mail by address shape", eval.emailByVariant, good: "caught")
        r.table("Phone by country", eval.phoneByCountry, good: "caught")
        r.table("Phone by style", eval.phoneByStyle, good: "caught")
        if detail { r.table("Phone by variant", eval.phoneByVariant, good: "caught") }
        r.table("Look-alikes by kind", eval.lookalikes, good: "intact")
        r.line("Lines without personal data: \(eval.cleanLines.planted), byte-identical: \(eval.cleanLines.good) (\(pct(eval.cleanLines)))")
        if eval.withinFieldLines.planted > 0 {
            r.line("Lines inside a multi-line PII value (e.g. \"type\": \"location\" of a pretty-printed location, not scored): "
                   + "\(eval.withinFieldLines.planted), unchanged: \(eval.withinFieldLines.good)")
        }
        r.line("")

        let sameCount = input.count == outLines.count
        let targets: [(name: String, tally: Tally, want: Double)] = [
            ("field-level recall", eval.fieldRecall, minFieldRecall),
            ("e-mail recall outside fields", eval.emailTextRecall, minEmailTextRecall),
            ("phone recall outside fields", eval.phoneTextRecall, minPhoneTextRecall),
            ("look-alike survival", eval.lookalikeSurvival, minLookalikeSurvival),
            ("clean lines identical", eval.cleanLines, minCleanIdentical),
        ]
        func holds(_ t: (name: String, tally: Tally, want: Double)) -> Bool { t.tally.rate * 100 >= t.want - 1e-9 }
        r.line("Targets" + (check ? " (--check)" : ""))
        r.line(pad("  target", 34) + pad("want", 12) + pad("got", 10) + pad("n", 9) + "result")
        for t in targets {
            r.line(pad("  " + t.name, 34) + pad(">= " + fmt(t.want, 2) + "%", 12) + pad(pct(t.tally), 10)
                   + pad(String(t.tally.planted), 9) + (t.tally.planted == 0 ? "n/a" : holds(t) ? "ok" : "FAIL"))
        }
        r.line(pad("  output lines == input lines", 56) + pad(String(input.count), 9) + (sameCount ? "ok" : "FAIL"))
        if !excludeLookalike.isEmpty {
            r.line("  (look-alike kinds left out of the target: \(excludeLookalike.map(\.rawValue).joined(separator: ", ")))")
        }
        r.line("  (informational: all PII \(pct(eval.allPII)) of \(eval.allPII.planted); names, locations and IPs outside JSON fields are not targets)")
        r.flush()

        if check && (!sameCount || targets.contains(where: { !holds($0) })) {
            throw ExitCode(1)
        }
    }
}

#if DEBUG
let buildNote = ", debug build"
#else
let buildNote = ""
#endif

func fmt(_ v: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let n = Int((v * scale).rounded())
    if decimals == 0 { return String(n) }
    let whole = n / Int(scale), frac = abs(n % Int(scale))
    var f = String(frac)
    while f.count < decimals { f = "0" + f }
    return (n < 0 && whole == 0 ? "-" : "") + String(whole) + "." + f
}

func pct(_ t: Tally) -> String { t.planted == 0 ? "-" : fmt(t.rate * 100, 2) + "%" }

func pad(_ s: String, _ width: Int) -> String {
    let n = s.count
    return n >= width ? s + " " : s + String(repeating: " ", count: width - n)
}

/// Collects report lines and writes them to stdout in one go.
struct Report {
    var text = ""
    mutating func line(_ s: String) { text += s; text += "\n" }

    mutating func table(_ title: String, _ rows: [String: Tally], good: String) {
        guard !rows.isEmpty else { return }
        line(title)
        let width = max(24, (rows.keys.map(\.count).max() ?? 0) + 4)
        line(pad("  ", width) + pad("planted", 10) + pad(good, 10) + "rate")
        for (k, t) in rows.sorted(by: { $0.key < $1.key }) {
            line(pad("  " + k, width) + pad(String(t.planted), 10) + pad(String(t.good), 10) + pct(t))
        }
        line("")
    }

    func flush() {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { try? FDWriter(fd: 1).write($0) }
    }
}
