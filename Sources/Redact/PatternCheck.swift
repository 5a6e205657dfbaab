// Checking a detector's own `positive:` and `negative:` examples with the engine
// (patterns/README.md, "Checking"). The one implementation behind the pattern tests,
// `redact --check-patterns`, `scripts/check-patterns` and the loading of extra pattern files: each
// example is run through `LineRedactor.detectorMatches`, as one span of a log line, so the
// prefilter, the trigger windows, the `digits:` callout and its escape-digit counting are the
// engine's own.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An example the engine does not match as its file says.
public struct PatternExampleFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A `positive:` example whose matches are not exactly its «marked» spans.
        case positive
        /// A `negative:` example in which something matched.
        case negative
    }

    /// The pattern file's path (or name, for a built-in detector).
    public var file: String
    /// The example's line number in that file.
    public var line: Int
    public var kind: Kind
    /// The example's bytes, marks removed.
    public var example: [UInt8]
    /// The spans the file expects (byte ranges of `example`; empty for a negative example).
    public var want: [Range<Int>]
    /// The spans the engine matched.
    public var got: [Range<Int>]

    /// Where and how it failed, with span offsets and never the example's text:
    /// `phone.pcre2:154: positive example: want 0..<16, got 0..<26`.
    public var description: String {
        "\(file):\(line): \(kind.rawValue) example: want \(Self.offsets(want)), got \(Self.offsets(got))"
    }

    /// The same, quoting the spans and the example, as `scripts/check-patterns` prints them:
    /// `want «+44 20 7946 0958» got «+44 20 7946 0958 200»`. The text is the pattern author's
    /// synthetic example, never log input; use this only on examples.
    public var quotedDescription: String {
        "\(file):\(line): \(kind.rawValue): want \(quote(want)) got \(quote(got))\n    in: \(String(decoding: example, as: UTF8.self))"
    }

    /// The spans of `example` as `«text» «text»`, or `(nothing)`.
    public func quote(_ spans: [Range<Int>]) -> String {
        if spans.isEmpty { return "(nothing)" }
        return spans.map { r in
            let clamped = r.clamped(to: 0..<example.count)
            return "«" + String(decoding: example[clamped], as: UTF8.self) + "»"
        }.joined(separator: " ")
    }

    static func offsets(_ spans: [Range<Int>]) -> String {
        spans.isEmpty ? "nothing" : spans.map { "\($0.lowerBound)..<\($0.upperBound)" }.joined(separator: " ")
    }
}

/// The outcome of checking one detector's examples.
public struct PatternCheckResult: Sendable {
    /// The pattern file's path (or name, for a built-in detector).
    public var file: String
    /// The detector as parsed from the file.
    public var spec: DetectorSpec
    /// Examples run: positive and negative.
    public var positives: Int
    public var negatives: Int
    /// Every example that failed, in file order (positives first).
    public var failures: [PatternExampleFailure]
    public var passed: Bool { failures.isEmpty }
}

public enum PatternCheck {
    /// Runs the examples of the detector at `index` in `plan` through the engine: every positive
    /// example must yield exactly its marked spans (the whole line when it has no marks), in order;
    /// every negative example nothing.
    public static func examples(ofDetector index: Int, in plan: RedactionPlan, file: String) -> PatternCheckResult {
        let spec = plan.detectors[index].spec
        var redactor = LineRedactor(plan: plan)
        var failures: [PatternExampleFailure] = []
        for example in spec.positives {
            let got = redactor.detectorMatches(index, in: example.line)
            if got != example.expected {
                failures.append(PatternExampleFailure(file: file, line: example.lineNumber, kind: .positive,
                                                      example: example.line, want: example.expected, got: got))
            }
        }
        for (i, example) in spec.negatives.enumerated() {
            let got = redactor.detectorMatches(index, in: example)
            if !got.isEmpty {
                let line = i < spec.negativeLineNumbers.count ? spec.negativeLineNumbers[i] : 0
                failures.append(PatternExampleFailure(file: file, line: line, kind: .negative,
                                                      example: example, want: [], got: got))
            }
        }
        return PatternCheckResult(file: file, spec: spec, positives: spec.positives.count,
                                  negatives: spec.negatives.count, failures: failures)
    }

    /// Parses the text of one pattern file, compiles it (alone, as `--patterns` loads it) and
    /// checks its examples. A file that does not parse or compile is an error naming the file,
    /// the line and the reason; failing examples are results, not errors.
    public static func check(text: String, name: String, path: String) throws(PolicyError) -> PatternCheckResult {
        let (_, plan) = try compile(text, name: name, path: path)
        return examples(ofDetector: 0, in: plan, file: path)
    }

    /// Every detector of `plan` (the built-in ones for `.intercom`), each named by its file name.
    public static func check(plan: RedactionPlan) -> [PatternCheckResult] {
        plan.detectors.indices.map { examples(ofDetector: $0, in: plan, file: plan.detectors[$0].spec.name) }
    }

    /// Checks pattern files given as paths: a directory stands for its `*.pcre2` files (as
    /// `--patterns DIR` loads them, in name order), any other path for one pattern file. One entry
    /// per file, in order: its result, or why it could not be checked (cannot be read, does not
    /// parse or compile; a directory without pattern files is an error too).
    public static func check(paths: [String]) -> [Result<PatternCheckResult, PolicyError>] {
        var out: [Result<PatternCheckResult, PolicyError>] = []
        for path in paths {
            var files: [(name: String, path: String)]
            if let dir = opendir(path) {
                closedir(dir)
                do { files = try PolicyFile.patternFiles(directory: path) } catch {
                    out.append(.failure(error))
                    continue
                }
                if files.isEmpty {
                    out.append(.failure(PolicyError(source: "patterns directory \(path)", reason: "no *.pcre2 files")))
                }
            } else {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                files = [(name, path)]
            }
            for file in files {
                do throws(PolicyError) {
                    let text = String(decoding: try PolicyFile.readFile(file.path, what: "pattern file \(file.path)"), as: UTF8.self)
                    out.append(.success(try check(text: text, name: file.name, path: file.path)))
                } catch {
                    out.append(.failure(error))
                }
            }
        }
        return out
    }

    /// Parses and compiles one pattern file into a plan holding only its detector.
    static func compile(_ text: String, name: String, path: String) throws(PolicyError) -> (DetectorSpec, RedactionPlan) {
        let spec: DetectorSpec
        do { spec = try DetectorSpec.parse(text, name: name) } catch {
            throw PolicyError(source: "\(path):\(error.line)", reason: error.reason)
        }
        // The line where the pattern starts, for compile errors.
        var patternLine = 0
        for (n, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where l == "pattern:" || l == "pattern:\r" {
            patternLine = n + 2
            break
        }
        do { _ = try CompiledRegex(spec.pattern, caseless: spec.caseless) } catch {
            let before = spec.pattern.utf8.prefix(error.offset)
            let line = patternLine + before.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            throw PolicyError(source: "\(path):\(line)", reason: "PCRE2: \(error.message) at pattern offset \(error.offset)")
        }
        do {
            return (spec, try RedactionPlan(policy: RedactionPolicy(fieldRules: [], detectors: [spec])))
        } catch {
            throw PolicyError(source: path, reason: error.reason)
        }
    }
}
