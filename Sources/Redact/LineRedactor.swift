import CPCRE2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a chunk of lines leaves open for the next one: the JSON containers of a pretty-printed
/// document that spans lines, kept only while they matter (a container being redacted, a parent key
/// of a path rule, a non-person object). Small and `Equatable`, so a parallel pipeline can redact
/// chunks speculatively from `.initial` and redo the rare chunk whose predecessor ended otherwise.
public struct CarryState: Sendable, Equatable {
    struct Frame: Sendable, Equatable {
        /// Key id of the key that opened the container (`RedactionPlan.anonymous` if none).
        var key: Int32
        /// Index of the rule redacting everything inside, or -1.
        var rule: Int32
        /// The object's `type`, when it is one of the plan's `nonPersonTypes` (its index there), else -1.
        var nonPersonType: Int8 = -1
        /// Opened after a key in text (`custom_attributes={`, `location: {`): the text before its
        /// closing bracket is scanned with it on the stack.
        var fromText = false
        /// A nested array of PHP's `print_r` (`[location] => Array`) or `var_export` (`'location' =>`
        /// at a line's end, then `array (`), closed by a line of `)` (`isPHPArrayEnd`).
        var phpArray = false
        /// The object's `type` was seen, or looked for ahead of a key whose rule depends on it
        /// (`typeAhead`): `nonPersonType` is what the object says.
        var typeSeen = false
        /// A typed object in parentheses after a key in text (Kotlin's `customAttributes=
        /// Attrs(ssn=...)`, Swift's `customAttributes: Attrs(ssn: "...")`): the position of its
        /// `)` in the line's buffer, where the frame ends; 0 for any other container. Never carried.
        var parenClose: Int32 = 0
        /// A YAML block opened by a key at a line's end (`location:`, `custom_attributes:`, or a block
        /// scalar `address: |`): the key's column, which the block's lines are indented deeper than
        /// (`LineRedactor.openYAMLBlock`, `yamlBlockLine`); -1 for any other container.
        var yamlIndent: Int32 = -1
        /// The block is a scalar's text (`|` or `>`), not a mapping.
        var yamlScalar = false

        /// Whether the object's type is one of `types` (bits of the plan's `nonPersonTypes`): a rule
        /// excepting it does not apply here.
        @inline(__always)
        func hasType(among types: UInt64) -> Bool { nonPersonType >= 0 && types & (1 &<< UInt64(nonPersonType)) != 0 }
    }
    var frames: [Frame] = []
    /// The XML elements (tags as they are) open at the end of a line of a pretty-printed XML
    /// document, innermost last, kept while one of them is a known key (a parent of a path rule:
    /// `<custom_attributes>` before `<ssn>` on a later line) or redacts its content
    /// (`LineRedactor.xmlElements`). Separate from `frames`: the JSON scanner never sees them.
    var xmlFrames: [Frame] = []
    /// Lines in a row that continued nothing and were taken as the text of the element in
    /// `xmlFrames` whose content goes (a raw newline in its text: `<address>1 Main St`, then
    /// `Springfield, IL 62701` at the first column): at most `LineRedactor.looseTextLines`.
    var looseTextLines = 0
    /// The line before was a part of a longer line that a container runtime split (CRI's `P`
    /// tag, `LineRedactor.lineContent`), and what it left open: this line's content goes on
    /// with it, so the containers open at its end stay open whatever this line starts with. Nil
    /// after any other line.
    var split: Split? = nil
    /// A key of a carried object ended the line before, and its value starts this line's content
    /// (`"location":`, then `{` on the next line at the key's column, as some pretty-printers
    /// write; `"name":`, then the string): kept with `frames`, so only while lines continue the
    /// document, and never without them. Nil after any other line.
    var valueNext: CutKey? = nil
    public static let initial = CarryState()
    public init() {}
    init(frames: [Frame]) { self.frames = frames }
    /// (`valueNext` is set only with `frames`.)
    public var isInitial: Bool { frames.isEmpty && xmlFrames.isEmpty && split == nil }

    /// What a part of a split line leaves open besides its containers.
    enum Split: Sendable, Equatable {
        /// Nothing more.
        case open
        /// A JSON string (an odd number of string quotes before the split), whose rest starts the
        /// next line's content, up to its closing quote; `kind` is the entry whose token replaced
        /// its part before the split (the string was being redacted up to it), or -1.
        case inString(kind: Int32)
        /// A key whose value the split cut off (`"name":`, then `"Jane Doe"`).
        case valueOf(CutKey)
    }

    /// A key whose value a line's end cut off (a split's, or a line's in a carried object): its id,
    /// its rule (-1: none), whether it is phone-ish, whether it is a Python dict's (`'name':`).
    struct CutKey: Sendable, Equatable {
        var key: Int32, rule: Int32, phoneKey: Bool, python: Bool
    }
    /// An XML element whose content goes is open: its text may go on in lines that continue nothing.
    var holdsOpenXMLText: Bool { xmlFrames.contains { $0.rule >= 0 } }
}

/// A range of the current buffer whose positions are stored in 32 bits: a line holds up to a hit and
/// an edit per byte or two, and at 24 bytes each a 1 MB line of back-to-back addresses held 3 MB of
/// each per thread. `redactLines` hands the scanner buffers of at most `LineRedactor.bufferLimit`
/// bytes, so every position fits.
protocol BufferRange32 {
    var start32: UInt32 { get set }
    var end32: UInt32 { get set }
}

extension BufferRange32 {
    var start: Int {
        @inline(__always) get { Int(start32) }
        @inline(__always) set { start32 = UInt32(truncatingIfNeeded: newValue) }
    }
    var end: Int {
        @inline(__always) get { Int(end32) }
        @inline(__always) set { end32 = UInt32(truncatingIfNeeded: newValue) }
    }
}

/// A range of the current line found by the cheap pass: a digit run or a trigger literal (12 bytes).
struct Hit: BufferRange32 {
    var start32: UInt32
    var end32: UInt32
    /// For a digit run: it passed the phone gate (`LineRedactor.phoneGate`).
    var candidate: Bool
    /// A digit run (else a trigger literal).
    var isRun: Bool

    @inline(__always)
    init(start: Int, end: Int, candidate: Bool = true, isRun: Bool = false) {
        start32 = UInt32(truncatingIfNeeded: start)
        end32 = UInt32(truncatingIfNeeded: end)
        self.candidate = candidate
        self.isRun = isRun
    }
}

/// A growable buffer of plain values (hits, edits) that a `LineRedactor` refills line after line:
/// emptied by setting its count (an array's `removeAll(keepingCapacity:)` is a generic call of
/// about 90 instructions, paid per line), appended to without an array's uniqueness check. Owned
/// and freed by a `ScratchList` or `HitLists`.
struct GrowableStorage<Element> {
    private(set) var start: UnsafeMutablePointer<Element>
    var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        precondition(_isPOD(Element.self) && capacity > 0)
        start = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    func deallocate() { start.deallocate() }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: start, count: count) }

    @inline(__always)
    mutating func append(_ e: Element) {
        if count == capacity { grow(to: 2 * capacity) }
        (start + count).initialize(to: e)
        count &+= 1
    }

    mutating func append(contentsOf b: UnsafeBufferPointer<Element>) {
        if count + b.count > capacity { grow(to: Swift.max(2 * capacity, count + b.count)) }
        if let base = b.baseAddress { (start + count).initialize(from: base, count: b.count) }
        count &+= b.count
    }

    mutating func sort(by less: (Element, Element) -> Bool) {
        var m = UnsafeMutableBufferPointer(start: start, count: count)
        m.sort(by: less)
    }

    /// Frees the values and storage of more than `limit` values, and starts over with `capacity`:
    /// a list that grew on one long line does not keep its size (nor its memory) for the lines after.
    mutating func release(above limit: Int, keeping capacity: Int) {
        guard self.capacity > limit else { return }
        start.deallocate()
        start = .allocate(capacity: capacity)
        self.capacity = capacity
        count = 0
    }

    @inline(never)
    private mutating func grow(to newCapacity: Int) {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: start, count: count)
        start.deallocate()
        start = bigger
        capacity = newCapacity
    }
}

/// One `GrowableStorage`, as a collection of its values (the line's edits, a span's, the marks; and
/// tables read and written per line without an array's retains and uniqueness checks: the byte
/// cursors, the nearest triggers, the cursor lists).
/// One per `LineRedactor` (which is used by one thread at a time).
final class ScratchList<Element>: Sequence {
    /// Behind a pointer, not in a `var`: a class's stored `var` is checked for exclusive access at
    /// run time on every change (it cost dense 20% more instructions).
    private let storage: UnsafeMutablePointer<GrowableStorage<Element>>

    init(capacity: Int = 16) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: GrowableStorage(capacity: capacity))
    }

    deinit {
        storage.pointee.deallocate()
        storage.deallocate()
    }

    var count: Int { storage.pointee.count }
    var isEmpty: Bool { storage.pointee.count == 0 }
    var last: Element? { count > 0 ? storage.pointee.start[count - 1] : nil }
    /// The values (valid until the list is next changed).
    var buffer: UnsafeBufferPointer<Element> { storage.pointee.buffer }

    subscript(i: Int) -> Element {
        get { storage.pointee.start[i] }
        set { storage.pointee.start[i] = newValue }
    }

    @inline(__always) func append(_ e: Element) { storage.pointee.append(e) }
    func append(contentsOf b: UnsafeBufferPointer<Element>) { storage.pointee.append(contentsOf: b) }
    /// Appends `values` and returns where they lie: tables of lists one after another (read with
    /// `subscript(range:)` without an array's retain).
    func appendRange(_ values: [Element]) -> Range<Int> {
        let start = count
        values.withUnsafeBufferPointer { append(contentsOf: $0) }
        return start..<count
    }
    /// The values in `range` (valid until the list is next changed).
    subscript(range r: Range<Int>) -> UnsafeBufferPointer<Element> { UnsafeBufferPointer(rebasing: buffer[r]) }
    @inline(__always) func removeAll() { storage.pointee.count = 0 }
    /// Keeps the first `n` values.
    func truncate(to n: Int) { storage.pointee.count = Swift.min(count, n) }
    /// Swaps values and storage with `other` (a list's storage handed over without a copy).
    func exchangeContents(with other: ScratchList<Element>) { swap(&storage.pointee, &other.storage.pointee) }
    func sort(by less: (Element, Element) -> Bool) { storage.pointee.sort(by: less) }
    /// See `GrowableStorage.release(above:keeping:)`.
    func release(above limit: Int, keeping capacity: Int) { storage.pointee.release(above: limit, keeping: capacity) }
    var capacity: Int { storage.pointee.capacity }
    func makeIterator() -> UnsafeBufferPointer<Element>.Iterator { buffer.makeIterator() }
}

/// Per detector, a `GrowableStorage` of its hits in the current line, read as a buffer.
final class HitLists {
    private let lists: UnsafeMutablePointer<GrowableStorage<Hit>>
    let count: Int

    init(count: Int, capacity: Int = 16) {
        self.count = count
        lists = .allocate(capacity: Swift.max(1, count))
        for i in 0..<count { (lists + i).initialize(to: GrowableStorage(capacity: capacity)) }
    }

    deinit {
        for i in 0..<count { lists[i].deallocate() }
        lists.deallocate()
    }

    /// List `i`'s hits (valid until it is next changed).
    @inline(__always)
    subscript(i: Int) -> UnsafeBufferPointer<Hit> { lists[i].buffer }

    @inline(__always) func append(_ h: Hit, to i: Int) { lists[i].append(h) }
    @inline(__always) func removeAll(_ i: Int) { lists[i].count = 0 }
    func sortByStart(_ i: Int) { lists[i].sort { $0.start < $1.start } }
    /// See `GrowableStorage.release(above:keeping:)`.
    func release(above limit: Int, keeping capacity: Int) {
        for i in 0..<count { lists[i].release(above: limit, keeping: capacity) }
    }
    var largestCapacity: Int { (0..<count).map { lists[$0].capacity }.max() ?? 0 }
}

/// The next occurrence of `byte` at or after the current line's start, in the current buffer
/// (`Int.max`: none; -1: not looked for yet).
struct ByteCursor {
    var byte: UInt8
    var next = -1
}

/// One replacement in the current line: bytes `start..<end` of the input become a token.
/// Positions in 32 bits, as in `Hit` (12 bytes an edit).
struct Edit: BufferRange32 {
    var start32: UInt32
    var end32: UInt32
    /// The entry (`RedactionPlan.entries`) in 16 bits: 12 bytes an edit, not 16 (a line of
    /// back-to-back addresses holds an edit per few bytes, twice: the line's and a span's). The plan
    /// refuses more entries (`RedactionPlan.maxEntries`).
    private var kind16: Int16
    /// -1: the token replaces bytes inside a string; L >= 0: the token replaces a non-string value and
    /// is wrapped in quotes of escape level L, or in `'` if L is `singleQuotes` (a Python value).
    var quoteLevel: Int8

    static let singleQuotes = Int8.max

    var kind: Int32 { Int32(kind16) }

    @inline(__always)
    init(start: Int, end: Int, kind: Int32, quoteLevel: Int8) {
        start32 = UInt32(truncatingIfNeeded: start)
        end32 = UInt32(truncatingIfNeeded: end)
        kind16 = Int16(truncatingIfNeeded: kind)
        self.quoteLevel = quoteLevel
    }
}

/// Redacts lines with one plan. One per thread: it holds PCRE2 match data and scratch space, reused
/// for every line, so steady-state redaction allocates nothing per line. The scratch space and the
/// memos are classes, so copies of a redactor share them: use one copy at a time (each thread and
/// each partial-line flush makes its own redactor from the plan).
public struct LineRedactor {
    public let plan: RedactionPlan
    /// Cross-line JSON state; see `CarryState`.
    public var carry = CarryState.initial

    var lineCount = 0
    private var bytesIn = 0, bytesOut = 0, oversized = 0, limitMasks = 0
    var kindCounts: [Int]
    var ruleCounts: [Int]
    private var phoneKeyCount = 0
    private var inOversized = false

    private let matcher = PCRE2Matcher()
    /// `matcher`'s pointers, and per detector what a search needs (`search`), as plain values: a
    /// detector, its regex or the matcher read from the plan or `self` per search was retained and
    /// released around each call into PCRE2.
    private let matcherRaw: PCRE2Matcher.Raw
    private let searchInfo: ScratchList<SearchInfo>

    /// Per rule, what matching its path needs (`pathMatches`), and the paths one after another
    /// (`RuleInfo.path` is a range of `rulePaths`): a rule copied out of the plan retained and
    /// released each of its arrays and its name.
    private let ruleInfo: ScratchList<RuleInfo>
    private let rulePaths: ScratchList<Int32>

    struct RuleInfo {
        let path: Range<Int>
        let exceptParents: UInt64
        let hasGlobstar: Bool
        let exceptTypes: UInt64
    }

    struct SearchInfo {
        let regex: CompiledRegex.Raw
        let kind: Int32
        let digits: ClosedRange<Int>?
    }
    let edits = ScratchList<Edit>(capacity: 64)
    private let scratch = ScratchList<Edit>(capacity: 16)
    var frames: [CarryState.Frame] = []
    /// Actions other than token (Actions.swift): reused buffers, and line numbers per entry for reports.
    var actionScratch: [UInt8] = [], actionScratch2: [UInt8] = []
    var findingLines: [[Int]] = []
    /// Bit i set: detector i's trigger occurs in the current line.
    private var lineTriggers: UInt64 = 0
    /// Per detector (the first 64), what the cheap pass found in the current line, in order: every
    /// digit run of a `digits:N` detector, marked if it passed the phone gate, or the occurrences of a
    /// detector's literal triggers. Every span of the line is checked against these instead of
    /// scanning its bytes again: a span needs a detector only if one of its hits lies inside it.
    private let hits: HitLists
    /// The hits of the detectors that fire in the current line, merged in order of start, and where
    /// the last span's look-up stopped (spans mostly come in order): most spans of a JSON line hold
    /// none, and `spanNeedsDetectors` says so without looking at the detectors.
    private let marks = ScratchList<Hit>(capacity: 32)
    /// The line's marks: one detector's hits themselves, or `marks` (valid until the next line).
    private var markList = UnsafeBufferPointer<Hit>(start: nil, count: 0)
    private var markCursor = 0
    private var markFrom = 0
    /// Whether the current line holds a `=` (logfmt keys need one).
    private var lineHasEquals = false
    /// Whether the current line holds a known key without quotes before a colon and a space
    /// (`name: `) with logfmt keys on (`bareKeys`).
    private var lineBareKeys = false
    /// Whether the current line holds a known key of Go's `%+v` (`{Name:Jane}`, `map[ssn:...]`)
    /// with logfmt keys on (`goKeys`).
    private var lineGoKeys = false
    /// The scanner looks for keys in text.
    private var lineTextKeys: Bool { lineHasEquals || lineBareKeys || lineGoKeys }
    /// A frame for a typed object in parentheses (`Frame.parenClose`) was opened in the current line.
    private var lineParens = false
    /// The tag syntaxes in which the current line holds an XML element named like a trigger key
    /// (`<name>`, `\u003cname\u003e`, `&lt;name&gt;`: bits of `TagSyntax`), with logfmt keys on
    /// (`xmlElements`).
    private var lineXMLSyntaxes: UInt8 = 0
    /// What the cheap pass (`hasKeyTrigger`) learnt about keys without quotes in the current line:
    /// it looked at every colon before `keysSeenTo` (`Int.max`: all of them), and whether one was a
    /// trigger key before `: ` (`bareKeySeen`) or of Go's (`goKeySeen`).
    private var keysSeenTo = 0
    private var bareKeySeen = false, goKeySeen = false
    /// Where a value that `scanText` redacted beyond its text ends (a `'` string or a bare value
    /// holding a quote or a bracket): `scanRegion` resumes there instead of at the token.
    private var resumeAt = 0
    /// Whether the current line holds `':` with logfmt keys on: a Python dict repr
    /// (`{'name': 'Jane'}`) may be in it, so the scanner also stops at `'` (`pythonMember`).
    private var linePythonKeys = false
    /// How many Python string values the scanner is inside (their contents are scanned at the
    /// same escape level, so `maxLevel` does not bound the recursion: this does).
    private var pythonDepth = 0
    static let maxPythonDepth = 4
    private let logfmtKeys: Bool
    /// Per detector, the bytes its matches are made of (`match-bytes:`), if the pattern file says.
    private let matchBytes: [ByteKernels.ByteSet?]
    /// Bit i set: detector i is triggered by literals and says its match bytes, so the windows
    /// around its hits can be searched before the scanner (`mayMatchAroundHits`).
    private let windowedDetectors: UInt64
    /// Per detector, its trigger literals grouped by first byte.
    private let triggerGroups: [[TriggerGroup]]
    /// Per detector (the first 64), its `digits:N` trigger (copied out of the spec: reading a spec
    /// from the plan per line retains and releases every array in it).
    private let digitTriggers: [Int?]
    /// Per detector (the first 64), the fewest digits a match must hold (`digits:`), or 0.
    private let matchDigits: [Int]
    /// Where the next occurrence of each byte the cheap pass looks for lies in the current buffer:
    /// one memchr per occurrence over a whole chunk instead of one per byte and line, so a line
    /// without the byte costs a comparison. Trigger first bytes, then `:`, `{`, `=`, `'`, and `<`,
    /// `\` and `&` (tags, escaped or not).
    private let cursors: ScratchList<ByteCursor>
    private let colonCursor: Int, equalsCursor: Int, braceCursor: Int, apostropheCursor: Int
    private let angleCursor: Int, backslashCursor: Int, ampersandCursor: Int, hashCursor: Int
    /// Every detector is triggered by digit runs or by literals that start with a cursor's byte, and
    /// no allowlist: a line without any cursor byte (`:` counts, `=` and tags' `<`, `\` and `&` with
    /// logfmt keys) and without a
    /// digit run is clean unless it opens a container (`isClean`).
    private let cleanLinesByCursor: Bool
    /// Lists of cursors, one after another in one buffer (read per line without an array's
    /// retain): the cursors a clean line must not hold (`cleanCursors`), then each detector's
    /// (`triggerCursors`).
    private let cursorLists: ScratchList<Int>
    /// The plan's tokens one after another (`tokenRanges[k]`: where token k lies), written per edit
    /// without the retain and release that appending the plan's array costs.
    private let tokenBytes: ScratchList<UInt8>
    private let tokenRanges: ScratchList<Range<Int>>
    /// The cursors a clean line must not hold (a range of `cursorLists`), and the nearest of their
    /// next occurrences.
    private let cleanCursors: Range<Int>
    private var nearestCleanCursor = -1
    /// Per literal-triggered detector whose every trigger group has a cursor, the nearest next
    /// occurrence of their first bytes (valid while at or after the current line's start; -1:
    /// to be found, or a detector with a group that has no cursor): a line before it holds no
    /// hit of the detector, known after one comparison instead of one per group.
    private let nearestTrigger: ScratchList<Int>
    /// Per detector, the cursors of its trigger groups (a range of `cursorLists`), when it is
    /// triggered by literals and every group has one (else nil).
    private let triggerCursors: [Range<Int>?]
    /// End of the buffer the cursors search (the chunk being redacted).
    private var bufferEnd = 0
    /// The smallest `digits:N` of the detectors, and every run of at least that many digits in the
    /// chunk being redacted, found in one pass (`ByteKernels.digitRuns`); lines take theirs from
    /// `runCursor` on. Pieces of oversized records search their own runs.
    private let minDigitTrigger: Int?
    private var chunkRuns: [ByteKernels.DigitRun] = []
    private var runCursor = 0
    /// Start of the current line: PCRE2 subjects start here so lookbehinds see the line (and a
    /// removal never looks back past it).
    var lineStart = 0
    /// Where the scanner started in the current line (after the rest of a string a split line left
    /// open), and whether that string's rest took the whole line (`redactSpan`, `noteSplitLine`).
    private var scanStart = 0
    private var lineInSplitString = false
    /// The content end of the current line (-1 in a piece of an oversized record), and the key at
    /// its end whose value was cut off (`noteSplitLine`; `CarryState.valueNext`).
    private var valueCutEnd = -1
    /// The escape level of the current line's content (`lineContent`: 1 in a Docker record).
    private var contentLevel = 0
    /// How the tags of an XML document laid out over lines are written in the current line's
    /// content: as they are, or as Go's JSON escapes them in a Docker record's `log` string.
    private var documentTagSyntax: TagSyntax { contentLevel == 0 ? .plain : .unicode }
    private var cutKey: CarryState.CutKey? = nil
    /// The phone gate also skips runs that need context (`ByteKernels.phoneRunNeedsContext`) and
    /// takes call/text/ring/reach/contact as context only before me/us. Off only in tests, which
    /// check that it does not change the output.
    var refinedPhoneGate = true
    /// Key ids and phone-key verdicts, remembered per key.
    let keyMemo: KeyMemo
    let contextMemo = ContextMemo()
    /// The cheap pass's answers per colon and per `=` (`hasKeyTrigger`). Off only in tests, which
    /// check that they do not change the output.
    let colonMemo = BytesBeforeMemo(), equalsMemo = BytesBeforeMemo()
    var keyEndMemosEnabled = true

    static let maxFrames = 256
    static let maxLevel = 6

    public init(plan: RedactionPlan) {
        self.plan = plan
        keyMemo = KeyMemo(plan: plan, gate: ByteKernels.KeyGate(keys: plan.keys, phoneWords: plan.phoneKeyWords))
        kindCounts = Array(repeating: 0, count: plan.kinds.count)
        ruleCounts = Array(repeating: 0, count: plan.rules.count)
        hits = HitLists(count: Swift.min(64, plan.detectors.count))
        var cursors: [ByteCursor] = []
        func cursor(_ b: UInt8) -> Int {
            if let i = cursors.firstIndex(where: { $0.byte == b }) { return i }
            cursors.append(ByteCursor(byte: b))
            return cursors.count - 1
        }
        triggerGroups = plan.detectors.prefix(64).map { d in
            TriggerGroup.groups(d.spec.triggers).map { g in
                var g = g
                if let b = g.first { g.cursor = cursor(b) }
                return g
            }
        }
        digitTriggers = plan.detectors.prefix(64).map(\.spec.digitTrigger)
        minDigitTrigger = digitTriggers.compactMap { $0 }.min()
        matchDigits = plan.detectors.prefix(64).map { $0.spec.digits?.lowerBound ?? 0 }
        colonCursor = cursor(0x3A)
        braceCursor = cursor(0x7B)
        equalsCursor = cursor(0x3D)
        apostropheCursor = cursor(0x27)
        angleCursor = cursor(0x3C)
        backslashCursor = cursor(0x5C)
        ampersandCursor = cursor(0x26)
        hashCursor = cursor(0x23)
        self.cursors = ScratchList(capacity: cursors.count)
        for c in cursors { self.cursors.append(c) }
        matcherRaw = matcher.raw
        let ruleInfo = ScratchList<RuleInfo>(capacity: Swift.max(1, plan.rules.count))
        let rulePaths = ScratchList<Int32>(capacity: plan.rules.reduce(1) { $0 + $1.reversedPath.count })
        for r in plan.rules {
            ruleInfo.append(RuleInfo(path: rulePaths.appendRange(r.reversedPath), exceptParents: r.exceptParents,
                                     hasGlobstar: r.hasGlobstar, exceptTypes: r.exceptTypes))
        }
        self.ruleInfo = ruleInfo
        self.rulePaths = rulePaths
        searchInfo = ScratchList(capacity: Swift.max(1, plan.detectors.count))
        for d in plan.detectors { searchInfo.append(SearchInfo(regex: d.regex.raw, kind: d.kind, digits: d.spec.digits)) }
        let tokenBytes = ScratchList<UInt8>(capacity: plan.tokens.reduce(1) { $0 + $1.count })
        let tokenRanges = ScratchList<Range<Int>>(capacity: Swift.max(1, plan.tokens.count))
        for t in plan.tokens { tokenRanges.append(tokenBytes.appendRange(t)) }
        self.tokenBytes = tokenBytes
        self.tokenRanges = tokenRanges
        logfmtKeys = plan.policy.logfmtKeys
        matchBytes = plan.detectors.prefix(64).map { d in
            d.spec.matchBytes.map { words in
                var set = ByteKernels.ByteSet()
                for b in 0...255 where words[b >> 6] >> UInt64(b & 63) & 1 != 0 { set.insert(UInt8(b)) }
                return set
            }
        }
        var windowed: UInt64 = 0
        // `\G` anchors a match where the search starts, which differs between the two searches.
        for i in matchBytes.indices where matchBytes[i] != nil && digitTriggers[i] == nil
            && !plan.detectors[i].spec.pattern.contains("\\G") { windowed |= 1 << UInt64(i) }
        windowedDetectors = windowed
        let groups = triggerGroups, equals = equalsCursor
        cleanLinesByCursor = !plan.allowlistMode && plan.detectors.count <= 64
            && groups.allSatisfy { $0.allSatisfy { $0.cursor >= 0 } }
        // Triggers, and the bytes keys need: a colon, and `=` and the first bytes of tags (XML
        // elements: `<`, `\u003c`, `&lt;`) with logfmt keys. A `{` or a `'` alone needs nothing (a
        // Python key needs a colon too).
        let triggering = Set(groups.joined().map(\.cursor)), colon = colonCursor
        let logfmt: Set<Int> = plan.policy.logfmtKeys ? [equals, angleCursor, backslashCursor, ampersandCursor] : []
        let lists = ScratchList<Int>(capacity: 16)
        for k in cursors.indices where triggering.contains(k) || k == colon || logfmt.contains(k) {
            lists.append(k)
        }
        cleanCursors = 0..<lists.count
        var byCursor: [Range<Int>?] = []
        for i in triggerGroups.indices {
            let ks = triggerGroups[i].map(\.cursor)
            if digitTriggers[i] == nil && !ks.contains(where: { $0 < 0 }) {
                byCursor.append(lists.appendRange(ks))
            } else {
                byCursor.append(nil)
            }
        }
        cursorLists = lists
        triggerCursors = byCursor
        nearestTrigger = ScratchList(capacity: Swift.max(1, triggerGroups.count))
        for _ in triggerGroups.indices { nearestTrigger.append(-1) }
        frames.reserveCapacity(64)
    }

    /// Counters so far. Never holds a value or an input line.
    public var stats: RedactionStats {
        var s = RedactionStats()
        s.lines = lineCount; s.bytesIn = bytesIn; s.bytesOut = bytesOut
        s.oversizedRecords = oversized; s.limitMasks = limitMasks
        for (i, n) in kindCounts.enumerated() where n > 0 { s.byKind[plan.kinds[i], default: 0] += n }
        for (i, n) in ruleCounts.enumerated() where n > 0 { s.byField[plan.rules[i].fieldName, default: 0] += n }
        if phoneKeyCount > 0 { s.byField["(phone-like key)", default: 0] += phoneKeyCount }
        addFindings(to: &s)
        return s
    }

    // MARK: - Entry points

    /// Redacts `chunk`, which must hold complete lines (each ending in `\n`), except that the last line
    /// may lack its newline at the end of input. Unchanged bytes are copied straight from `chunk`.
    public mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        redactLines(chunk, into: &out, bufferLimit: Self.bufferLimit)
    }

    /// The most bytes the scanner sees at once: `Hit` and `Edit` keep positions in 32 bits.
    static let bufferLimit = 1 << 31

    /// `redactLines` over a buffer of any size, handed to the scanner in pieces of at most `bufferLimit`
    /// bytes: whole lines, or, where no newline lies within `bufferLimit` bytes (a record longer than
    /// `maxRecordSize`, which is at most 1 GiB), pieces of the record cut as the scanner itself cuts them.
    /// The output is the same as in one piece (tests run it with small limits).
    mutating func redactLines(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8], bufferLimit: Int) {
        guard let raw = chunk.baseAddress, chunk.count > bufferLimit else { return redactLinesWithin(chunk, into: &out) }
        precondition(bufferLimit >= plan.maxRecordSize)
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var offset = 0
        // Bytes from `offset` up to here hold no newline (a search found none): each byte is searched
        // once, not once per piece of a long record (pieces of up to `maxRecordSize` bytes, each
        // searching back from `bufferLimit` bytes on, made a 5 GB line quadratic).
        var noNewlineTo = 0
        while chunk.count - offset > bufferLimit {
            let floor = Swift.max(offset, noNewlineTo)
            var lineEnd = offset + bufferLimit   // after the last newline within the limit, if any
            while lineEnd > floor && bytes[lineEnd - 1] != 0x0A { lineEnd -= 1 }
            bytesSearchedForNewlines += offset + bufferLimit - lineEnd
            if lineEnd > floor {
                redactLinesWithin(UnsafeRawBufferPointer(start: raw + offset, count: lineEnd - offset), into: &out)
                offset = lineEnd
            } else {
                noNewlineTo = offset + bufferLimit
                let cut = Self.cut(bytes + offset, plan.maxRecordSize)
                redactOversizedPiece(UnsafeRawBufferPointer(start: raw + offset, count: cut), into: &out)
                offset += cut
            }
        }
        redactLinesWithin(UnsafeRawBufferPointer(start: raw + offset, count: chunk.count - offset), into: &out)
    }

    /// Test hook: bytes that `redactLines(_:into:bufferLimit:)` searched for a newline.
    private(set) var bytesSearchedForNewlines = 0

    private mutating func redactLinesWithin(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        let outStart = out.count
        let max = plan.maxRecordSize
        startBuffer(p, n, findRuns: true)
        var copied = 0
        var ls = 0
        while ls < n {
            let le: Int
            if let q = memchr(p + ls, 0x0A, n - ls) { le = UnsafeRawPointer(q) - raw } else { le = n }
            var s = ls
            while le - s > max {
                // A record longer than the maximum: redact it in pieces (never raw), cut where no
                // e-mail or phone number can straddle.
                if !inOversized { inOversized = true; oversized += 1 }
                let cut = Self.cut(p + s, max)
                carry = .initial
                redactSpan(p, s, s + cut, asLine: false)
                copied = flushEdits(p, from: copied, into: &out)
                releaseScratch(afterSpanOf: cut)
                s += cut
            }
            var end = le, level = 0
            if inOversized { carry = .initial } else { (s, end, level) = Self.lineContent(p, s, le) }
            // A part of a line that the container runtime split (`P`): the next line goes on with it.
            let split = !inOversized && Self.isSplitPart(p, ls, content: (s, end, level))
            if !inOversized && !split && isClean(p, s, end) {
                lineCount += 1
                ls = le + 1
                continue
            }
            cutKey = nil
            redactSpan(p, s, end, asLine: !inOversized, split: split, level: level)
            if split { noteSplitLine(p, valueCutEnd) }
            valueCutEnd = -1
            copied = flushEdits(p, from: copied, into: &out)
            releaseScratch(afterSpanOf: le - s)
            lineCount += 1
            inOversized = false
            ls = le + 1
        }
        if copied < n { out.append(contentsOf: UnsafeRawBufferPointer(start: raw + copied, count: n - copied)) }
        bytesIn += n
        bytesOut += out.count - outStart
    }

    /// Redacts one piece of a record longer than `plan.maxRecordSize`. A pipeline that finds no
    /// newline within `maxRecordSize` bytes cuts the record with `oversizedCut(_:)` applied to exactly
    /// `maxRecordSize` bytes and hands the pieces over in order; the rest of the record, up to and
    /// including its newline, then goes to `redactLines` as usual. Each piece is scanned, never raw.
    public mutating func redactOversizedPiece(_ piece: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard let raw = piece.baseAddress, piece.count > 0 else { return }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        if !inOversized { inOversized = true; oversized += 1 }
        let outStart = out.count
        carry = .initial
        startBuffer(p, piece.count, findRuns: false)
        redactSpan(p, 0, piece.count, asLine: false)
        let copied = flushEdits(p, from: 0, into: &out)
        releaseScratch(afterSpanOf: piece.count)
        if copied < piece.count {
            out.append(contentsOf: UnsafeRawBufferPointer(start: raw + copied, count: piece.count - copied))
        }
        bytesIn += piece.count
        bytesOut += out.count - outStart
    }

    /// Where to cut a buffer that holds no newline in its first `maxRecordSize` bytes: a length in
    /// `1...buffer.count`. Prefers just after a quote, comma, angle bracket or brace (which no e-mail
    /// or phone number contains), then after a space, within the last 64 KiB; else the whole buffer.
    public static func oversizedCut(_ buffer: UnsafeRawBufferPointer) -> Int {
        guard let raw = buffer.baseAddress, buffer.count > 0 else { return buffer.count }
        return cut(raw.assumingMemoryBound(to: UInt8.self), buffer.count)
    }

    static func cut(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let floor = Swift.max(1, n - 65536)
        var i = n
        while i > floor {
            switch p[i - 1] {
            case UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "}"), UInt8(ascii: "]"): return i
            default: i -= 1
            }
        }
        i = n
        while i > floor {
            if p[i - 1] == UInt8(ascii: " ") || p[i - 1] == UInt8(ascii: "\t") { return i }
            i -= 1
        }
        return n
    }

    /// After a span longer than 256 KiB, the per-line lists that grew past 16,384 values start over
    /// small: a line of back-to-back addresses fills them with one hit and one edit per few bytes,
    /// and two such lists kept at that size (the span's edits become the line's) doubled what a
    /// thread holds. Ordinary lines never reach the limit, so nothing is freed per line.
    @inline(__always)
    private mutating func releaseScratch(afterSpanOf length: Int) {
        guard length > 1 << 18 else { return }
        let limit = 1 << 14
        markList = UnsafeBufferPointer(start: nil, count: 0)   // it may point into `hits`
        hits.release(above: limit, keeping: 16)
        edits.release(above: limit, keeping: 64)
        scratch.release(above: limit, keeping: 16)
        marks.release(above: limit, keeping: 32)
    }

    /// Test hook: the largest capacity among the per-line lists (`releaseScratch`).
    var largestListCapacity: Int { Swift.max(hits.largestCapacity, edits.capacity, scratch.capacity, marks.capacity) }

    // MARK: - Rewriting

    /// Writes input bytes up to each edit, then its token; returns the new copy position.
    private mutating func flushEdits(_ p: UnsafePointer<UInt8>, from copied: Int, into out: inout [UInt8]) -> Int {
        var copied = copied
        for e in edits {
            if e.start > copied { out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: e.start - copied)) }
            if plan.plainToken[Int(e.kind)] {
                if e.quoteLevel >= 0 { appendQuote(level: Int(e.quoteLevel), &out) }
                out.append(contentsOf: tokenBytes[range: tokenRanges[Int(e.kind)]])
                if e.quoteLevel >= 0 { appendQuote(level: Int(e.quoteLevel), &out) }
            } else {
                renderAction(e, p, into: &out)
            }
            kindCounts[Int(e.kind)] += 1
            if plan.reportLineLimit > 0 { noteFindingLine(Int(e.kind)) }
            copied = e.end
        }
        edits.removeAll()
        return copied
    }

    func appendQuote(level: Int, _ out: inout [UInt8]) {
        if level == Int(Edit.singleQuotes) { out.append(0x27); return }
        for _ in 0..<((1 << level) - 1) { out.append(UInt8(ascii: "\\")) }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: - Lines

    /// Scans `p[s..<e]` (a line's content without its `\n`, or a piece of an oversized line; `split`:
    /// a part of a line the container runtime split; `level`: the content's escape level,
    /// `lineContent`) into `edits`.
    private mutating func redactSpan(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, asLine: Bool, split isSplitPart: Bool = false,
                                     level: Int = 0) {
        let end = Self.contentEnd(p, s, e)
        lineStart = s
        contentLevel = level
        scanStart = s
        lineInSplitString = false
        // The rest of a line the container runtime split: what the part before left open goes on
        // here, whatever the line starts with (the split falls anywhere). A piece of an oversized
        // record starts from the initial carry, so only a line gets here with one.
        let split = carry.split
        if split != nil { carry.split = nil }
        let continuation = split != nil
        if !continuation && !carry.xmlFrames.isEmpty {
            if asLine && Self.continuesXML(p, s, end, level: level) {
                carry.looseTextLines = 0
            } else if asLine && carry.looseTextLines < Self.looseTextLines && carry.holdsOpenXMLText
                        && !Self.startsRecord(p, s, end) {
                // The text of the open element goes on at the line's first column (`looseTextLines`).
                carry.looseTextLines += 1
            } else {
                carry.xmlFrames.clear()
                carry.looseTextLines = 0
            }
        }
        // print_r writes a blank line after a nested array's `)`, and YAML blocks hold blank lines:
        // the containers around it go on.
        if !carry.frames.isEmpty && !continuation {
            let top = carry.frames[carry.frames.count - 1]
            if !(asLine && (Self.continuesFragment(p, s, end, level: level) || (s == end && (top.phpArray || top.yamlIndent >= 0))
                            || (top.yamlIndent >= 0 && Self.startsSequenceItem(p, s, end)))) {
                carry.frames.clear()
                carry.valueNext = nil
            } else if top.yamlIndent >= 0 && s < end && yamlBlockLine(p, s, end) {
                return
            }
        }
        let xmlCarried = !carry.xmlFrames.isEmpty
        lineTriggers = detectorTriggers(p, s, end, wholeLine: asLine)
        lineXMLSyntaxes = logfmtKeys ? xmlKeySyntaxes(p, s, end) : 0
        keysSeenTo = s
        bareKeySeen = false
        goKeySeen = false
        // A line that starts no document: the scanner is needed only if a key or a container is in
        // it, or a detector may match. Whether one may (`mayMatchAroundHits`) costs a search per hit,
        // which the scanner repeats if one matches: asked only in lines with JSON, where scanning
        // costs more, and only for detectors that say their match bytes.
        if carry.isInitial && !continuation && (lineTriggers == 0
                               || (lineTriggers & ~windowedDetectors == 0 && occurs(braceCursor, p, s, end)))
            && lineXMLSyntaxes == 0 && !hasKeyTrigger(p, s, end) && !Self.opensContainer(p, s, end)
            && (lineTriggers == 0 || !mayMatchAroundHits(p, s, end)) { return }
        collectMarks()
        lineHasEquals = logfmtKeys && occurs(equalsCursor, p, s, end)
        // A line whose colons the cheap pass saw all holds no key without quotes that matters
        // (only a `type`, which matters only next to a trigger key).
        // Inside a redacted container carried from the line before, any key's value goes.
        let anyKey = (carry.frames.last?.rule ?? -1) >= 0
        lineBareKeys = logfmtKeys && bareKeySeen
        lineGoKeys = logfmtKeys && goKeySeen
        if logfmtKeys && !(lineBareKeys && lineGoKeys) && keysSeenTo < end && occurs(colonCursor, p, s, end) {
            textKeys(p, Swift.max(keysSeenTo, cursors[colonCursor].next), end, anyKey: anyKey)
        }
        resumeAt = 0
        linePythonKeys = logfmtKeys && occurs(apostropheCursor, p, s, end)
            && ByteKernels.nextPair(p, cursors[apostropheCursor].next, end, 0x27, Self.colonSecond) < end
        frames.clear()
        if !carry.frames.isEmpty { frames.append(contentsOf: carry.frames) }
        if let top = frames.last, top.phpArray, Self.isPHPArrayEnd(p, s, end) { frames.removeLast() }
        lineParens = false
        // The value of a key that ended the part before, or the line before in an object that goes on.
        var cut = carry.valueNext
        if cut != nil { carry.valueNext = nil }
        valueCutEnd = asLine ? end : -1
        switch split {
        case .inString(let kind)?:
            // The line starts with the rest of a string: up to its closing quote, redacted with the
            // token of its part before the split, or scanned as a string is.
            let q = Self.firstStringQuote(p, s, end, level: level)
            let close = q < end ? q - Self.delimiterBackslashes(level) : end   // the delimiter's first byte
            if kind >= 0 {
                if close > s { edits.append(Edit(start: s, end: close, kind: kind, quoteLevel: -1)) }
            } else if close > s {
                scanString(p, s, close, level: level + 1)
            }
            scanStart = q < end ? q + 1 : end
            lineInSplitString = q == end
        case .valueOf(let k)?:
            cut = k
        default:
            break
        }
        if let k = cut {
            // The line starts with the value of that key.
            let v = Self.skipWhitespace(p, s, end, level)
            scanStart = handleValue(p, v, end, level: level, base: 0, key: k.key, rule: k.rule >= 0 ? Int(k.rule) : nil,
                                    phoneKey: k.phoneKey, inherited: true, keyStart: v, python: k.python)
        }
        scanRegion(p, scanStart, end, level: level)
        // Objects in parentheses end with their line (an unclosed one with its frame).
        if lineParens { frames.removeAll { $0.parenClose != 0 } }
        // Lines of an XML document carried from the line before go through its elements: their
        // tags open and close the carried ones.
        if xmlCarried { lineXMLSyntaxes |= documentTagSyntax.bit }
        if lineXMLSyntaxes != 0 {
            for syntax in TagSyntax.allCases where lineXMLSyntaxes & syntax.bit != 0 {
                xmlElements(p, s, end, syntax, asLine: asLine)
            }
        }
        // A key that ends the line in an object (a bracketed one: JSON, a dict, a hash) has its
        // value on the next line, not a YAML block.
        var valueNext: CarryState.CutKey? = nil
        if asLine && !isSplitPart, let k = cutKey, let top = frames.last, top.yamlIndent < 0 && !top.phpArray && top.parenClose == 0 {
            valueNext = k
        }
        if asLine && logfmtKeys && valueNext == nil {
            if Self.mayEndYAMLKey(p, s, end) {
                openYAMLBlock(p, s, end)
            } else if occurs(hashCursor, p, s, end), let keyEnd = Self.yamlKeyBeforeComment(p, s, end) {
                // A comment after a key does not end the key's line (`location:  # where`).
                openYAMLBlock(p, s, keyEnd)
            }
        }
        // Open containers at the end of the line carry over (bounded): the next lines of a
        // pretty-printed document need their keys, redacting rules and `type`.
        if asLine, !frames.isEmpty, frames.count <= 32 {
            // In place: the carry's buffer is reused from line to line (no allocation per line).
            if frames != carry.frames {
                carry.frames.clear()
                carry.frames.append(contentsOf: frames)
            }
            if valueNext != nil { carry.valueNext = valueNext }
        } else if !carry.frames.isEmpty {
            carry.frames.clear()
        }
    }

    /// End of the line `p[s..<e]` without a trailing `\r` (CRLF input).
    @inline(__always)
    static func contentEnd(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        e > s && p[e - 1] == UInt8(ascii: "\r") ? e - 1 : e
    }

    /// The line's last non-blank byte opens a container: the first line of a pretty-printed document
    /// (or of one of its objects), whose frame the following lines need.
    static func opensContainer(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = e
        while i > s && (p[i - 1] == 32 || p[i - 1] == 9) { i -= 1 }
        return i > s && (p[i - 1] == UInt8(ascii: "{") || p[i - 1] == UInt8(ascii: "["))
    }

    /// Whether a chunk that starts with `chunk` (whole lines) can depend on `carry`, the state it
    /// starts from: when its first line continues a pretty-printed document, or goes on with the
    /// text of an open XML element (`looseTextLines`). A parallel pipeline need not redo a chunk
    /// redacted from another carry when this is false.
    public static func carryMatters(_ carry: CarryState, forChunkStartingWith chunk: UnsafeRawBufferPointer) -> Bool {
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return false }
        if carry.split != nil { return true }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let (c, e, level) = lineContent(p, 0, memchr(p, 0x0A, chunk.count).map { UnsafeRawPointer($0) - raw } ?? chunk.count)
        if continuesDocument(p, c, e, level: level) { return true }
        return carry.holdsOpenXMLText && carry.looseTextLines < looseTextLines && !startsRecord(p, c, contentEnd(p, c, e))
    }

    /// Where the redaction of `chunk` (whole lines) stops depending on the carry it starts from,
    /// whatever that carry: the start of a later line from which the output and the carry at the
    /// end are the same from any carry, or nil if there is none in `chunk`. That is a line that
    /// starts a record (`startsRecord`: it continues nothing and is never an element's text), or
    /// the last of `looseTextLines + 1` lines in a row that continue nothing and hold no `<`: an
    /// element's text carried in has ended by then, and none can have started.
    public static func carryStopsMattering(in chunk: UnsafeRawBufferPointer) -> Int? {
        guard let raw = chunk.baseAddress else { return nil }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        var quiet = 0   // lines in a row that continue nothing and hold no `<`
        var afterSplit = false   // the line before is a part of a split line (`P`): this one goes on with it
        var s = 0
        while s < n, let nl = memchr(p + s, 0x0A, n - s) {
            let le = UnsafeRawPointer(nl) - raw
            let (c, e, level) = lineContent(p, s, le)
            if s > 0 && !afterSplit && startsRecord(p, c, contentEnd(p, c, e)) { return s }
            // (In a JSON string a tag's `<` may be escaped: `\u003c`.)
            if !continuesDocument(p, c, e, level: level) && memchr(p + c, 0x3C, e - c) == nil
                && (level == 0 || memchr(p + c, 0x5C, e - c) == nil) {
                quiet += 1
                if quiet > looseTextLines && !afterSplit { return s }
            } else {
                quiet = 0
            }
            afterSplit = isSplitPart(p, s, content: (c, e, level))
            s = le + 1
        }
        return nil
    }

    /// The line `p[s..<e]` (without its `\n`) continues a pretty-printed document, so it depends
    /// on the carry before it: it is indented, starts with `}`, `]`, `"` or a tag, or is blank (a
    /// blank line keeps a PHP array open: `redactSpan`, as print_r writes one after a nested
    /// array's `)`; libFuzzer found `'location' =>` at the end of a chunk, then a blank line and
    /// ` 0`, whose `0` the whole input redacts).
    static func continuesDocument(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) -> Bool {
        if s == e || (p[s] == 0x0D && e == s + 1) { return true }
        return continuesXML(p, s, e, level: level) || startsSequenceItem(p, s, e)
    }

    /// Where the content of the line `p[s..<e]` starts and ends, and its escape level; else the whole
    /// line at level 0. A container runtime writes a prefix before every line of a container's
    /// output (CRI, the format of `/var/log/containers/*.log` on Kubernetes nodes:
    /// `2026-11-25T02:10:55.123456789Z stdout F `, an RFC 3339 time, the stream, and `F` for a full
    /// line or `P` for a part of one): the content starts after it. Every line of a pretty-printed
    /// document gets its own prefix, so the document's indentation, its closing brackets and its
    /// tags come after it: the line is read from there. The prefix holds nothing to redact, and only
    /// those exact bytes are skipped (the time's bytes, `stdout` or `stderr`, `F` or `P`, a space
    /// after each).
    ///
    /// A record of Docker's json-file log driver (`/var/lib/docker/containers/*/*-json.log`:
    /// `{"log":"  \"city\": \"Dublin\",\n","stream":"stdout","time":"..."}`, one per line of the
    /// container's output) has the line as its `log` string: the content is that string's, without
    /// its escaped newline, at escape level 1 (`dockerLogEnd`).
    @inline(__always)
    static func lineContent(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (start: Int, end: Int, level: Int) {
        // The shortest prefix: a date, `T`, hh:mm:ss, `Z`, then ` stdout F ` (10 + 1 + 8 + 1 + 10);
        // the shortest record is longer.
        guard e &- s >= 30 else { return (s, e, 0) }
        if p[s &+ 10] == UInt8(ascii: "T") && p[s &+ 4] == UInt8(ascii: "-") { return (containerPrefixEnd(p, s, e) ?? s, e, 0) }
        if UnsafeRawPointer(p + s).loadUnaligned(as: UInt64.self) == dockerLogOpen, let end = dockerLogEnd(p, s &+ 8, e) {
            return (s &+ 8, end, 1)
        }
        return (s, e, 0)
    }

    /// `{"log":"` as a little-endian word.
    static let dockerLogOpen = UInt64(littleEndian: 0x223A_2267_6F6C_227B)
    /// What follows a Docker record's `log` string, up to the stream's name and from it to the time.
    static let dockerStream = Array(#"","stream":"std"#.utf8), dockerTime = Array(#"","time":""#.utf8)

    /// Where the content of a Docker json-file record ends, its `log` string starting at `c`: before
    /// the string's escaped `\n` (and `\r`), when the string's first unescaped quote is followed by
    /// exactly `,"stream":"stdout"` or `"stderr"`, `,"time":"`, a time's bytes and `"}`: the rest of
    /// the record holds nothing to redact. Nil for any other line (then the whole line is content).
    @inline(never)
    static func dockerLogEnd(_ p: UnsafePointer<UInt8>, _ c: Int, _ e: Int) -> Int? {
        let q = firstStringQuote(p, c, e)
        var i = q
        for b in dockerStream { guard i < e && p[i] == b else { return nil }; i += 1 }
        guard i + 3 <= e, (p[i], p[i + 1], p[i + 2]) == (0x6F, 0x75, 0x74) || (p[i], p[i + 1], p[i + 2]) == (0x65, 0x72, 0x72)
        else { return nil }
        i += 3
        for b in dockerTime { guard i < e && p[i] == b else { return nil }; i += 1 }
        while i < e, case let b = p[i], b &- 48 < 10 || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b == UInt8(ascii: "T")
                || b == UInt8(ascii: "Z") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { i += 1 }
        let last = contentEnd(p, c, e)
        guard i + 2 == last, p[i] == UInt8(ascii: "\""), p[i + 1] == UInt8(ascii: "}") else { return nil }
        // The escaped newline (and carriage return) that ends the line.
        @inline(__always) func escapeEnds(_ end: Int, _ letter: UInt8) -> Bool {
            guard end - c >= 2, p[end - 1] == letter, p[end - 2] == UInt8(ascii: "\\") else { return false }
            var k = 1   // backslashes before the letter: an odd count escapes it
            while end - 2 - k >= c && p[end - 2 - k] == UInt8(ascii: "\\") { k += 1 }
            return k & 1 == 1
        }
        guard escapeEnds(q, UInt8(ascii: "n")) else { return q }
        return escapeEnds(q - 2, UInt8(ascii: "r")) ? q - 4 : q - 2
    }

    /// The rest of `lineContent`'s CRI prefix, out of line: only lines with a `T` where an ISO date and
    /// time have theirs get here (an application's own timestamped lines among them).
    @inline(never)
    static func containerPrefixEnd(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        // The space after the time (hh:mm:ss, then at most nine fractional digits and `Z` or an
        // offset): found first, and `st` after it, so that an application's own timestamped lines
        // (`2026-11-25T02:10:55.123Z INFO ...`) cost a few comparisons.
        var i = s &+ 19
        let limit = Swift.min(e, i &+ 17)
        while i < limit && p[i] != 0x20 { i &+= 1 }
        guard i &+ 10 <= e, p[i] == 0x20, p[i &+ 1] == UInt8(ascii: "s"), p[i &+ 2] == UInt8(ascii: "t"),
              p[i &+ 7] == 0x20, p[i &+ 9] == 0x20, p[i &+ 8] == UInt8(ascii: "F") || p[i &+ 8] == UInt8(ascii: "P")
        else { return nil }
        // `stdout` or `stderr` (their last four bytes), then the date and the time's bytes.
        let stream = (p[i &+ 3], p[i &+ 4], p[i &+ 5], p[i &+ 6])
        guard stream == (0x64, 0x6F, 0x75, 0x74) || stream == (0x64, 0x65, 0x72, 0x72), isISODate(p, s, e) else { return nil }
        for k in (s &+ 11)..<i {
            let b = p[k]
            guard b &- 48 < 10 || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",")
                    || b == UInt8(ascii: "Z") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") else { return nil }
        }
        return i &+ 10
    }

    /// The line at `s`, whose content is `c` (`lineContent`), is a part of a longer line that the
    /// container runtime split: its CRI prefix's tag is `P`, or its Docker record's `log` string
    /// does not end with a newline (Docker writes a line longer than 16 KiB so).
    @inline(__always)
    static func isSplitPart(_ p: UnsafePointer<UInt8>, _ s: Int, content c: (start: Int, end: Int, level: Int)) -> Bool {
        c.level > 0 ? p[c.end] == UInt8(ascii: "\"") : c.start &- s >= 30 && p[c.start &- 2] == UInt8(ascii: "P")
    }

    /// After a line that is a part of a longer one the container runtime split (`P`, at 16 KiB by
    /// default), already redacted into `edits`: the carry says the next line goes on with it, and
    /// whether the split came inside a string (an odd number of string quotes from where the
    /// scanner started, or the whole line inside the string a split before left open) and, if that
    /// string was being redacted up to the split, with which token, or the key whose value the
    /// split cut off.
    private mutating func noteSplitLine(_ p: UnsafePointer<UInt8>, _ end: Int) {
        if lineInSplitString || Self.oddStringQuotes(p, scanStart, end, level: contentLevel) {
            let kind = edits.last.flatMap { $0.end >= end ? $0.kind : nil } ?? -1
            carry.split = .inString(kind: kind)
        } else {
            carry.split = cutKey.map { .valueOf($0) } ?? .open
        }
    }

    /// The first quote in `p[s..<e]` that delimits a JSON string at escape `level` (at level 0
    /// after an even number of backslashes, `isDelimiter`), or `e`.
    static func firstStringQuote(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int = 0) -> Int {
        var i = s
        while i < e, let q = memchr(p + i, 0x22, e - i) {
            let j = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            var k = j
            while k > s && p[k - 1] == UInt8(ascii: "\\") { k -= 1 }
            if isDelimiter(backslashes: j - k, level) { return j }
            i = j + 1
        }
        return e
    }

    /// `p[s..<e]` holds an odd number of quotes that delimit JSON strings at escape `level`.
    static func oddStringQuotes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) -> Bool {
        var odd = false
        var i = s
        while i < e {
            let q = firstStringQuote(p, i, e, level: level)
            if q == e { break }
            odd.toggle()
            i = q + 1
        }
        return odd
    }

    /// The line starts with a YAML sequence item (`- Cork`), which continues a block opened at its
    /// column (`location:`, then `- Cork`: PyYAML and Ruby write sequences so).
    @inline(__always)
    static func startsSequenceItem(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        e - s >= 2 && p[s] == 0x2D && p[s + 1] == 0x20
    }

    /// Lines in a row that continue nothing (not indented, no tag first) and are still taken as the
    /// text of an open XML element whose content goes: an address or a name with a raw newline in
    /// it (`<address>1 Main St`, then `Springfield, IL 62701`, then `USA</address>`). Bounded, so
    /// that a payload cut short inside such an element (with its start tag first on an indented
    /// line) takes at most this many of the log's next lines with it; a line that starts a record
    /// (`startsRecord`) ends it sooner.
    static let looseTextLines = 8

    /// A line that starts a log record rather than going on with an element's text: `{`, `[` or an
    /// ISO date first.
    static func startsRecord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard s < e else { return false }
        return p[s] == UInt8(ascii: "{") || p[s] == UInt8(ascii: "[") || isISODate(p, s, e)
    }

    /// A line continues a pretty-printed XML document when it continues a fragment or starts with a
    /// tag (`</contact>`).
    @inline(__always)
    static func continuesXML(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) -> Bool {
        continuesFragment(p, s, e, level: level) || (s < e && p[s] == UInt8(ascii: "<"))
    }

    /// A line continues a pretty-printed document when it is indented or starts with `}`, `]` or `"`;
    /// in a line's content at escape level 1 (a Docker record's, `lineContent`), also with a
    /// backslash: there the quote, the tab and a tag's `<` are escaped (`\"`, `\t`, `\u003c`).
    static func continuesFragment(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) -> Bool {
        guard s < e else { return false }
        switch p[s] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: "\""): return true
        case UInt8(ascii: "\\"): return level > 0
        default: return false
        }
    }

    // MARK: - Cheap pass: does this line need the scanner at all?

    /// Whether the line `p[s..<e]` certainly needs nothing (`redactSpan` would find no trigger, no
    /// key and no container): a few comparisons, where most log lines without a colon end.
    @inline(__always)
    private mutating func isClean(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard cleanLinesByCursor && carry.isInitial else { return false }
        // A digit run first: a comparison, where the cursors are a loop (and most lines of
        // timestamped logs hold a run: every line of the production mix does).
        while runCursor < chunkRuns.count && chunkRuns[runCursor].start < s { runCursor += 1 }
        if runCursor < chunkRuns.count && chunkRuns[runCursor].start < e { return false }
        if nearestCleanCursor < s { nearestCleanCursor = nearestOccurrence(cleanCursors, p, s, e) }
        if nearestCleanCursor < e { return false }
        return !Self.opensContainer(p, s, Self.contentEnd(p, s, e))
    }

    /// The nearest next occurrence of the bytes of the cursors in `list` (a range of `cursorLists`)
    /// at or after `s`, once any cursor behind `s` is brought forward (`Int.max`: none in the buffer).
    @inline(__always)
    private mutating func nearestOccurrence(_ list: Range<Int>, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var nearest = Int.max
        for j in list {
            let k = cursorLists[j]
            _ = occurs(k, p, s, e)
            nearest = Swift.min(nearest, cursors[k].next)
        }
        return nearest
    }

    /// A new buffer of `n` bytes: the cursors start over, and with `findRuns` its digit runs are found.
    private mutating func startBuffer(_ p: UnsafePointer<UInt8>, _ n: Int, findRuns: Bool) {
        bufferEnd = n
        nearestCleanCursor = -1
        for i in 0..<nearestTrigger.count { nearestTrigger[i] = -1 }
        for k in 0..<cursors.count { cursors[k].next = -1 }
        chunkRuns.clear()
        runCursor = 0
        if findRuns, let minDigitTrigger { ByteKernels.digitRuns(p, n, atLeast: minDigitTrigger, into: &chunkRuns) }
    }

    /// Whether cursor `k`'s byte occurs in `p[s..<e]`. Lines must come in order within a buffer.
    @inline(__always)
    private mutating func occurs(_ k: Int, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if cursors[k].next < s {
            if let q = memchr(p + s, Int32(cursors[k].byte), bufferEnd - s) {
                cursors[k].next = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            } else {
                cursors[k].next = Int.max
            }
        }
        return cursors[k].next < e
    }

    /// Fills `hits` for the line `p[s..<e]` and returns the detectors that have any. A `wholeLine`
    /// takes its digit runs from the chunk's (`chunkRuns`); a piece of a line searches its own.
    private mutating func detectorTriggers(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, wholeLine: Bool) -> UInt64 {
        var bits: UInt64 = 0
        if wholeLine {
            while runCursor < chunkRuns.count && chunkRuns[runCursor].start < s { runCursor += 1 }
        }
        var pastLine = runCursor   // the first run after the line
        for i in 0..<digitTriggers.count {
            hits.removeAll(i)
            if let n = digitTriggers[i] {
                var any = false
                if wholeLine {
                    var k = runCursor
                    while k < chunkRuns.count && chunkRuns[k].start < e {
                        let run = chunkRuns[k]
                        k += 1
                        if run.digits >= n {
                            any = judgeRun(i, p, (run.start, run.end), lineEnd: e, atLeast: n, digits: run.digits) || any
                        }
                    }
                    pastLine = k
                } else {
                    var from = s
                    while let run = Self.nextDigitRun(p, from, e, atLeast: n) {
                        any = judgeRun(i, p, run, lineEnd: e, atLeast: n) || any
                        from = run.end
                    }
                }
                if any { bits |= 1 &<< UInt64(i) }
                continue
            } else {
                if let ks = triggerCursors[i] {
                    if nearestTrigger[i] < s { nearestTrigger[i] = nearestOccurrence(ks, p, s, e) }
                    if nearestTrigger[i] >= e { continue }
                }
                var groupsHit = 0
                for gi in 0..<triggerGroups[i].count {
                    let cursor = triggerGroups[i][gi].cursor
                    if cursor >= 0 && !occurs(cursor, p, s, e) { continue }
                    let before = hits[i].count
                    // From the group's first byte: the cursor knows where it first occurs.
                    Self.occurrences(p, cursor >= 0 ? cursors[cursor].next : s, e, triggerGroups[i][gi], into: hits, i)
                    if hits[i].count > before { groupsHit += 1 }
                }
                if groupsHit > 1 { hits.sortByStart(i) }
            }
            if !hits[i].isEmpty { bits |= 1 &<< UInt64(i) }
        }
        // The next line starts after these runs (its cheap check then skips none, a loop of
        // unpredictable length less).
        runCursor = pastLine
        return bits
    }

    /// Passes a digit run of the line through the phone gate and keeps it, with the verdict, in
    /// detector `i`'s hits; returns the verdict.
    @inline(__always)
    private mutating func judgeRun(_ i: Int, _ p: UnsafePointer<UInt8>, _ run: (start: Int, end: Int), lineEnd e: Int,
                                   atLeast n: Int, digits: Int = -1) -> Bool {
        let ok = phoneGate(p, run, lineEnd: e, atLeast: n, digits: digits)
        hits.append(Hit(start: run.start, end: run.end, candidate: ok, isRun: true), to: i)
        return ok
    }

    /// The run of match bytes around the hit `h`, within `a..<b`: from the first of them before the
    /// hit to the first byte after the hit that is not one.
    @inline(__always)
    static func matchByteRun(_ p: UnsafePointer<UInt8>, around h: Hit, _ bytes: ByteKernels.ByteSet, _ a: Int, _ b: Int)
        -> (start: Int, end: Int)
    {
        var start = h.start
        while start > a && bytes.contains(p[start - 1]) { start -= 1 }
        var end = h.end
        while end < b && bytes.contains(p[end]) { end += 1 }
        return (start, end)
    }

    /// Whether a windowed detector (`windowedDetectors`) that fires in the line `p[s..<e]` can match
    /// there: the line's other sources of edits, keys and containers, are known to be absent.
    ///
    /// Every match is made of match bytes and holds a trigger, so it lies in the run of match bytes
    /// around a hit. The scanner searches such a run within a span of the line, with the subject
    /// ending at the span's end or `lookaheadReach` bytes past the run (`findMatches`); spans end at
    /// the line's end or at a string delimiter: a quote, or the backslashes before an escaped one.
    /// So the run is searched as the scanner would with every span end it can have: the window,
    /// and each quote or backslash from the hit's end to the window's end. Most `@` in logs are
    /// no e-mail (`git@github.com:org/repo`, `medium.com/@team`): their long JSON lines skip the
    /// scanner.
    private mutating func mayMatchAroundHits(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var bits = lineTriggers
        while bits != 0 {
            let di = bits.trailingZeroBitCount
            bits &= bits - 1
            guard windowedDetectors & (1 &<< UInt64(di)) != 0, let bytes = matchBytes[di] else { return true }
            let regex = plan.detectors[di].regex
            @inline(__always) func matches(_ from: Int, _ to: Int) -> Bool {
                if case .noMatch = matcher.search(regex, p + s, length: to - s, from: from - s) { return false }
                return true
            }
            var searched = s
            for h in hits[di] where h.end > searched {
                // The scanner's window for the hit (`findMatches`), with the whole line as the span.
                let (runStart, runEnd) = Self.matchByteRun(p, around: h, bytes, s, e)
                let ws = Swift.max(runStart, searched)
                let windowEnd = Swift.min(e, runEnd + Self.lookaheadReach)
                if matches(ws, windowEnd) { return true }
                var b = h.end
                while b < windowEnd {
                    if (p[b] == UInt8(ascii: "\"") || p[b] == UInt8(ascii: "\\")) && matches(ws, b) { return true }
                    b += 1
                }
                searched = runEnd
            }
        }
        return false
    }

    /// The hits of the detectors that fire, in order (`markList`): those of one detector as they
    /// are, several merged into `marks`.
    private mutating func collectMarks() {
        markCursor = 0
        markFrom = 0
        var bits = lineTriggers
        if bits & (bits &- 1) == 0 {
            markList = bits == 0 ? UnsafeBufferPointer(start: nil, count: 0) : hits[bits.trailingZeroBitCount]
            return
        }
        marks.removeAll()
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            marks.append(contentsOf: hits[i])
        }
        marks.sort { $0.start < $1.start }
        markList = marks.buffer
    }

    /// Whether a detector can match in the span `a..<b`: a trigger literal lies inside it, or a
    /// candidate digit run does, or a digit run crosses its edge (`findMatches` judges the part
    /// inside). Exactly when `runDetectors` would find something to search.
    @inline(__always)
    private mutating func spanNeedsDetectors(_ a: Int, _ b: Int) -> Bool {
        let m = markList
        if m.isEmpty { return false }
        if a < markFrom { markCursor = 0 }
        markFrom = a
        // Marks that end by `a` can matter to no later span (spans come in order).
        while markCursor < m.count && m[markCursor].end <= a && m[markCursor].start < a { markCursor += 1 }
        var k = markCursor
        while k < m.count && m[k].start < b {
            let h = m[k]
            k += 1
            if h.isRun {
                if h.end > a && (h.start < a || h.end > b || h.candidate) { return true }
            } else if h.start >= a && h.end <= b {
                return true
            }
        }
        return false
    }

    /// Whether one of detector `i`'s hits in the current line lies inside `a..<b`.
    @inline(__always)
    private func hasHit(_ i: Int, _ a: Int, _ b: Int) -> Bool {
        let h = hits[i]
        var k = Self.firstHit(h, atOrAfter: a)
        while k < h.count && h[k].start < b {
            if h[k].end <= b { return true }
            k += 1
        }
        return false
    }

    /// Index of the first hit starting at or after `a` (hits are sorted by start).
    @inline(__always)
    static func firstHit(_ h: UnsafeBufferPointer<Hit>, atOrAfter a: Int) -> Int {
        var lo = 0, hi = h.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if h[mid].start < a { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A detector's trigger literals that start with the same byte, found with one memchr pass.
    struct TriggerGroup {
        /// Their first byte (not a letter), or nil: one literal starting with a letter.
        var first: UInt8?
        var literals: [[UInt8]]
        /// The `ByteCursor` of `first`, or -1.
        var cursor = -1
        /// The second bytes of the literals in either case, when every literal has one and there
        /// are at most four: then only a `first` followed by one of them is a candidate, found 16
        /// bytes at a time (`ByteKernels.nextPair`). A `\` or `%` is common in logs (escaped JSON,
        /// URLs); `\u` or `%4` is not.
        var seconds: ByteKernels.PairSeconds? {
            guard first != nil, literals.allSatisfy({ $0.count >= 2 }) else { return nil }
            var bytes: [UInt8] = []
            for t in literals {
                for b in [asciiLower(t[1]), asciiUpper(t[1])] where !bytes.contains(b) { bytes.append(b) }
            }
            return ByteKernels.PairSeconds(bytes)
        }

        static func groups(_ triggers: [[UInt8]]) -> [TriggerGroup] {
            var groups: [TriggerGroup] = []
            for t in triggers where !t.isEmpty {
                if (t[0] | 0x20) &- 97 < 26 {
                    groups.append(TriggerGroup(first: nil, literals: [t]))
                } else if let g = groups.firstIndex(where: { $0.first == t[0] }) {
                    groups[g].literals.append(t)
                } else {
                    groups.append(TriggerGroup(first: t[0], literals: [t]))
                }
            }
            for g in groups.indices { groups[g].pairs = groups[g].seconds }
            return groups
        }

        /// `seconds`, computed once.
        var pairs: ByteKernels.PairSeconds?
    }

    /// Appends every occurrence of the group's literals (lower-case, compared ASCII-case-insensitively)
    /// in `p[s..<e]`, in order, to list `list` of `out`.
    static func occurrences(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ g: TriggerGroup, into out: HitLists, _ list: Int) {
        guard let first = g.first else {
            let t = g.literals[0]
            var from = s
            while let i = firstOccurrence(p, from, e, literal: t) {
                out.append(Hit(start: i, end: i + t.count), to: list)
                from = i + 1
            }
            return
        }
        var i = s
        while i < e {
            guard let q = memchr(p + i, Int32(first), e - i) else { return }
            var at = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            if let pairs = g.pairs, at + 1 < e, !pairs.contains(p[at + 1]) {
                // A first byte that starts no literal (a `\` of escaped JSON, a `%20`): more are
                // likely, so the rest is searched for the pairs, 16 bytes at a time.
                at = ByteKernels.nextPair(p, at + 1, e, first, pairs)
                if at >= e { return }
            }
            for t in g.literals where at + t.count <= e {
                var j = 1
                while j < t.count && asciiLower(p[at + j]) == t[j] { j += 1 }
                if j == t.count { out.append(Hit(start: at, end: at + t.count), to: list) }
            }
            i = at + 1
        }
    }

    /// Where `literal` first occurs in `p[s..<e]`, compared ASCII-case-insensitively (`literal` is lower-case).
    static func firstOccurrence(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, literal t: [UInt8]) -> Int? {
        let n = t.count
        guard n > 0, e - s >= n else { return nil }
        let first = t[0], firstUpper = asciiUpper(first)
        var i = s
        let last = e - n
        while i <= last {
            if first == firstUpper {
                guard let q = memchr(p + i, Int32(first), last - i + 1) else { return nil }
                i = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            } else if p[i] != first && p[i] != firstUpper {
                i += 1
                continue
            }
            var j = 1
            while j < n && asciiLower(p[i + j]) == t[j] { j += 1 }
            if j == n { return i }
            i += 1
        }
        return nil
    }

    /// A rule key or phone-ish key appears quoted before a colon (`"email":`, `\"email\": `) or
    /// before `=` (logfmt). Driven by the colons: a line has far fewer colons than quotes, and a
    /// string the scanner takes as a key is always followed by one (after whitespace, maybe escaped).
    private mutating func hasKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if plan.allowlistMode { return true }
        // The colons, 64 bytes at a time from the first (a JSON line holds dozens).
        var i = occurs(colonCursor, p, s, e) ? cursors[colonCursor].next : e
        colons: while i < e {
            var m: UInt64
            let step: Int
            if i &+ 64 <= bufferEnd {
                m = ByteKernels.equalBits64(UnsafeRawPointer(p + i), 0x3A)
                step = 64
            } else if i &+ 16 <= bufferEnd {
                m = ByteKernels.equalBits16(UnsafeRawPointer(p + i), 0x3A)
                step = 16
            } else {
                m = p[i] == 0x3A ? 1 : 0
                step = 1
            }
            while m != 0 {
                let colon = i &+ m.trailingZeroBitCount
                if colon >= e { break colons }
                m &= m &- 1
                guard colon > s else { continue }
                // The byte before the colon: a quote ends most keys, answered from the memo if the
                // bytes before the colon came before (else remembered); a `'` may end a Python key;
                // a key before whitespace (raw or escaped) is searched for; nothing else ends one
                // (`keyBeforeColon` would return nil).
                let before = p[colon &- 1]
                let memo = before == 0x22 && keyEndMemosEnabled && colon >= BytesBeforeMemo.span
                if memo {
                    let answer = colonMemo.answer(p, at: colon, lineStart: s)
                    if answer > 0 { keysSeenTo = colon &+ 1; return true }
                    if answer == 0 { continue }
                } else if before == 0x27 {
                    if logfmtKeys && hasPythonKeyTrigger(p, s, colon) { keysSeenTo = colon &+ 1; return true }
                    continue
                } else if !(before == 0x22 || before == 0x20 || before == 0x09 || before == 0x0D || before == 0x0A
                            || before == 0x6E || before == 0x74 || before == 0x72) {
                    // A key without quotes before `: ` (`{ name: 'Jane' }`, `name: Jane Doe`).
                    if bareKeyTrigger(p, s, colon, e) { return true }
                    continue
                }
                if let key = ByteKernels.keyBeforeColon(p, s, colon) {
                    let trigger = isTriggerKey(p, key.start, key.end)
                    let delimiter = key.start - 1
                    if memo && delimiter >= s && colon - delimiter <= BytesBeforeMemo.span {
                        colonMemo.remember(p, at: colon, delimiter: delimiter, trigger: trigger)
                    }
                    if trigger { keysSeenTo = colon &+ 1; return true }
                } else if bareKeyTrigger(p, s, colon, e) {
                    return true
                }
            }
            i &+= step
        }
        // Every colon is looked at: no key without quotes is a trigger.
        keysSeenTo = Int.max
        return logfmtKeys && occurs(equalsCursor, p, s, e) && hasLogfmtKeyTrigger(p, s, e)
    }

    /// The logfmt half of `hasKeyTrigger`: a key before `=` (`email=...`), or before Ruby's `=>`
    /// (`{"name"=>"Jane"}`, `{:name=>"Jane"}`), which the scanner takes as a key like `"key": value`.
    /// Out of line: inlined next to the colon loop with the rocket's key search, it made that loop's
    /// key search a call (production 2.9% more instructions; out of line, 0.8%).
    @inline(never)
    private mutating func hasLogfmtKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = cursors[equalsCursor].next
        while i < e, let q = memchr(p + i, 0x3D, e - i) {
            let eq = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            i = eq + 1
            // A key of key bytes is answered from the memo if the bytes before the `=` came before.
            let memo = keyEndMemosEnabled && eq >= BytesBeforeMemo.span
            if memo {
                let answer = equalsMemo.answer(p, at: eq, lineStart: s)
                if answer > 0 { return true }
                if answer == 0 { continue }
            }
            let start = Self.identStart(p, s, eq)
            if start < eq {
                let trigger = isTriggerKey(p, start, eq)
                let delimiter = start - 1
                if memo && delimiter >= s && eq - delimiter <= BytesBeforeMemo.span {
                    equalsMemo.remember(p, at: eq, delimiter: delimiter, trigger: trigger)
                }
                if trigger { return true }
            } else if Self.isHashRocket(p, eq, e), let quoted = ByteKernels.keyBeforeColonScalar(p, s, eq),
                      isTriggerKey(p, quoted.start, quoted.end) {
                return true
            } else if Self.isHashRocket(p, eq, e), let php = Self.phpArrayKey(p, s, eq), isTriggerKey(p, php.start, php.end) {
                return true
            } else if let k = Self.spacedKeyStart(p, s, eq, e, lineStart: s), isTriggerKey(p, k, eq - 1) {
                return true
            } else if eq > s && p[eq - 1] == UInt8(ascii: "]"), let k = Self.bracketKeyStart(p, s, eq), hasBracketTrigger(p, k, eq) {
                return true
            }
        }
        return false
    }

    /// Whether a key of the form parameter `p[k..<eq]` (`bracketKeyStart`) is a trigger.
    private mutating func hasBracketTrigger(_ p: UnsafePointer<UInt8>, _ k: Int, _ eq: Int) -> Bool {
        var i = k
        while i < eq {
            let j = Self.bracketKeyEnd(p, i, eq)
            if j > i && isTriggerKey(p, i, j) { return true }
            i = j + 1
        }
        return false
    }

    /// The Python half of `hasKeyTrigger`: the colon at `colon` follows a `'`, which may close a
    /// key of a Python dict repr (`{'name': 'Jane'}`): the one `pythonKeyEnd` finds from its
    /// opening quote. Out of line, like `hasLogfmtKeyTrigger`.
    @inline(never)
    private mutating func hasPythonKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> Bool {
        let close = colon - 1
        var k = close - 1
        while k >= s && close - k <= Self.maxPythonKey + 1 {
            switch p[k] {
            case 0x27:
                return k + 1 < close && isTriggerKey(p, k + 1, close)
            case 0x22, 0x5C: return false
            default: k -= 1
            }
        }
        return false
    }

    /// The half of `hasKeyTrigger` for keys without quotes: with logfmt keys, a space after the
    /// colon at `colon` and a trigger key of key bytes before it, or a letter before it and no
    /// space after (Go's `Name:Jane`; `goKeyStart`); then `bareKeySeen` or `goKeySeen` says so.
    /// The key's part out of line.
    @inline(__always)
    private mutating func bareKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int, _ e: Int) -> Bool {
        guard logfmtKeys else { return false }
        // A key that ends the line opens a YAML block (`location:`, `service:`: `openYAMLBlock`).
        if colon &+ 1 == e { return hasYAMLBlockTrigger(p, s, colon) }
        guard colon &+ 1 < e else { return false }
        if p[colon &+ 1] == 0x20 {
            guard hasBareKeyTrigger(p, s, colon, e) else { return false }
            bareKeySeen = true
        } else {
            guard (p[colon &- 1] | 0x20) &- 97 < 26 && hasGoKeyTrigger(p, s, colon) else { return false }
            goKeySeen = true
        }
        keysSeenTo = colon &+ 1
        return true
    }

    @inline(never)
    private mutating func hasGoKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> Bool {
        guard let k = goKeyStart(p, s, colon) else { return false }
        return isTriggerKey(p, k, colon)
    }

    @inline(never)
    private mutating func hasYAMLBlockTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int) -> Bool {
        let k = Self.identStart(p, s, colon)
        return k < colon && opensYAMLBlock(keyMemo.verdict(p, k, colon, bufferEnd: bufferEnd))
    }

    /// A trigger key before `: `, or a key that opens a YAML block before a comment (`service:  #
    /// ...`: the comment aside, the key ends its line; looked for only in lines with a `#`).
    @inline(never)
    private mutating func hasBareKeyTrigger(_ p: UnsafePointer<UInt8>, _ s: Int, _ colon: Int, _ e: Int) -> Bool {
        let k = Self.identStart(p, s, colon)
        guard k < colon else { return false }
        let v = keyMemo.verdict(p, k, colon, bufferEnd: bufferEnd)
        return isTrigger(v) || (occurs(hashCursor, p, s, e) && Self.commentFollows(p, colon &+ 1, e) && opensYAMLBlock(v))
    }

    @inline(__always)
    private mutating func isTriggerKey(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        isTrigger(keyMemo.verdict(p, s, e, bufferEnd: bufferEnd))
    }

    /// A key the cheap pass stops at: one with a rule (not `type`), a phone-ish one, or a dotted one.
    @inline(__always)
    func isTrigger(_ v: KeyMemo.Verdict) -> Bool {
        (v.id >= 0 && v.id != plan.typeKey) || v.phone || v.dotted
    }

    /// `p[i..<e]` starts with Ruby's hash rocket `=>` (`{"name"=>"Jane"}`, `{:name=>"Jane"}` in
    /// Rails logs): with logfmt keys, the key before it is a key.
    @inline(__always)
    static func isHashRocket(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Bool {
        hashRocketLength(p, i, e) > 0
    }

    /// The length of the hash rocket at `i` (0: none): `=>`, or `=` and the `>` as Go's JSON
    /// writes it in a string (`=\u003e`, `=\\u003e` one level deeper: a Rails log line in a Docker
    /// record, PHP's `print_r`).
    @inline(__always)
    static func hashRocketLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        guard i + 1 < e && p[i] == UInt8(ascii: "=") else { return 0 }
        if p[i + 1] == UInt8(ascii: ">") { return 2 }
        return p[i + 1] == UInt8(ascii: "\\") ? escapedGreaterLength(p, i + 1, e) : 0
    }

    /// The length of `\u003e` (or `\\u003e`) at `i`, else 0.
    @inline(never)
    static func escapedGreaterLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var j = i
        while j < e && j - i < 2 && p[j] == UInt8(ascii: "\\") { j += 1 }
        guard j + 5 <= e, p[j] == UInt8(ascii: "u"), p[j + 1] == 0x30, p[j + 2] == 0x30, p[j + 3] == 0x33,
              p[j + 4] | 0x20 == UInt8(ascii: "e") else { return 0 }
        return j + 5 - i + 1
    }

    /// A hash rocket with an escaped `>` ends at `end`, after `start` (`\"location\"=\u003e{`).
    @inline(__always)
    static func escapedRocketEnds(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 7, p[end - 1] | 0x20 == UInt8(ascii: "e") else { return false }
        return hashRocketLength(p, end - 7, end) == 7 || (end - start >= 8 && hashRocketLength(p, end - 8, end) == 8)
    }

    /// Start of the logfmt key that ends at `end` (letters, digits, `_`, `-`, `.`).
    static func identStart(_ p: UnsafePointer<UInt8>, _ floor: Int, _ end: Int) -> Int {
        if end &- 16 >= floor {
            // The 16 bytes before `end` classified at once: most keys are shorter, and a byte loop
            // of the key's length mispredicts its exit.
            let nonIdent = ~ByteKernels.identBits16(UnsafeRawPointer(p + end - 16)) & 0xFFFF
            if nonIdent != 0 { return end &- 16 &+ (64 &- nonIdent.leadingZeroBitCount) }
        }
        return identStartScalar(p, floor, end)
    }

    /// Reference for `identStart`: byte by byte.
    static func identStartScalar(_ p: UnsafePointer<UInt8>, _ floor: Int, _ end: Int) -> Int {
        var k = end
        while k > floor {
            let b = p[k - 1]
            if ByteKernels.isKeyByte(b) { k -= 1 } else { break }
        }
        return k
    }

    // MARK: - The scanner: a lenient JSON tokenizer over raw bytes at an escape level

    // Escape level L: the region is the raw content of L nested JSON strings. A string delimiter at
    // level L is a quote preceded by k backslashes with k % 2^(L+1) == 2^L - 1 (L=0: an even number).

    // Levels are small (at most `maxLevel` + 1), so the shifts below are masking shifts (`&<<`): a
    // plain `<<` by a variable compiles to a chain of range checks, run on every token.
    @inline(__always) private static func delimiterBackslashes(_ level: Int) -> Int { (1 &<< level) - 1 }

    /// Whether `k` backslashes before a quote make it a delimiter at `level`: k % 2^(level+1) ==
    /// 2^level - 1, with a mask (a division by a variable, as `%` compiles, costs dozens of cycles
    /// and showed up as a hot spot of the scanner).
    @inline(__always) private static func isDelimiter(backslashes k: Int, _ level: Int) -> Bool {
        k & ((2 &<< level) - 1) == delimiterBackslashes(level)
    }

    /// Finds the next string delimiter or bracket at or after `i`. Returns the position and, for a
    /// delimiter, the position where the string's content starts.
    @inline(__always)
    private static func nextToken(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ level: Int) -> (pos: Int, content: Int?) {
        var i = i
        while i < e {
            i = ByteKernels.nextJSONSpecial(p, i, e, quote: level == 0)
            guard i < e else { break }
            let b = p[i]
            if b != UInt8(ascii: "\\") {
                return b == UInt8(ascii: "\"") ? (i, i + 1) : (i, nil)
            }
            var q = i
            while q < e && p[q] == UInt8(ascii: "\\") { q += 1 }
            let k = q - i
            if q < e && p[q] == UInt8(ascii: "\"") && isDelimiter(backslashes: k, level) {
                return (q - delimiterBackslashes(level), q + 1)
            }
            i = (k & 1) == 1 ? q + 1 : q
        }
        return (e, nil)
    }

    /// End of the string whose content starts at `c`: (content end, position after the delimiter).
    /// An unterminated string runs to `e`.
    private static func stringEnd(_ p: UnsafePointer<UInt8>, _ c: Int, _ e: Int, _ level: Int, readable: Int = 0) -> (end: Int, after: Int) {
        var i = c
        while i < e {
            let j = ByteKernels.nextByte(p, i, e, 0x22, readable: readable)
            if j == e { break }
            var k = 0
            while j - k - 1 >= c && p[j - k - 1] == UInt8(ascii: "\\") { k += 1 }
            if isDelimiter(backslashes: k, level) { return (j - delimiterBackslashes(level), j + 1) }
            i = j + 1
        }
        return (e, e)
    }

    /// Skips JSON whitespace, including escaped whitespace (`\n`, `\\t`) at levels above 0.
    @inline(__always)
    static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ level: Int) -> Int {
        var i = i
        // One space (`"key": value`, where other logs have none) is stepped over without a branch:
        // logs mix both styles, and a branch on it mispredicts.
        if i < e { i &+= p[i] == 32 ? 1 : 0 }
        while i < e {
            let b = p[i]
            if b == 32 || b == 9 || b == 13 || b == 10 { i += 1; continue }
            if level > 0 && b == UInt8(ascii: "\\") {
                let k = 1 &<< (level - 1)
                var q = i
                while q < e && p[q] == UInt8(ascii: "\\") { q += 1 }
                if q - i == k && q < e && (p[q] == UInt8(ascii: "n") || p[q] == UInt8(ascii: "t") || p[q] == UInt8(ascii: "r")) {
                    i = q + 1
                    continue
                }
            }
            break
        }
        return i
    }

    /// End of a number or literal token starting at `i`.
    @inline(__always)
    private static func scalarEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var j = i
        while j < e {
            let b = p[j]
            if b &- 48 < 10 || (b | 0x20) &- 97 < 26 || b == 43 || b == 45 || b == 46 { j += 1 } else { break }
        }
        return j
    }

    /// The end of a number whose digits go on after `end` (what `scalarEnd` stops at) past up to
    /// three separators of a digit run (`ByteKernels.isRunSeparator`: spaces, `-`, `.`, `/`,
    /// parentheses): `+1 415 555 0123`, written without quotes. Not when its last digits run into
    /// a word (`0123jane@...`), whose match the detectors need whole: then `end`.
    static func spacedNumberEnd(_ p: UnsafePointer<UInt8>, _ end: Int, _ e: Int) -> Int {
        var j = end
        while true {
            var k = j
            while k < e && k - j < 3 && ByteKernels.isRunSeparator(p[k]) { k += 1 }
            guard k > j, k < e, p[k] &- 48 < 10 else { return j }
            j = ByteKernels.digitsEnd(p, k, e)
            if j < e && ((p[j] | 0x20) &- 97 < 26 || p[j] == UInt8(ascii: "_") || p[j] == UInt8(ascii: "@")) { return end }
        }
    }

    /// Position of the bracket closing the container that opens at `open`, or nil if not in `..<e`.
    /// With `python`, Python strings (`'...'`) are skipped like JSON strings.
    private static func matchingClose(_ p: UnsafePointer<UInt8>, _ open: Int, _ e: Int, _ level: Int,
                                      python: Bool) -> Int? {
        var depth = 0
        var i = open
        var apostrophe = python ? nextApostrophe(p, i, e) : e
        while true {
            if apostrophe < i { apostrophe = nextApostrophe(p, i, e) }
            let t = nextToken(p, i, apostrophe, level)
            if t.pos >= apostrophe {
                if apostrophe >= e { return nil }
                let s = pythonStringEnd(p, apostrophe + 1, e, level)
                if s.after >= e && s.end >= e { return nil }
                i = s.after
                continue
            }
            if let c = t.content {
                let s = stringEnd(p, c, e, level)
                if s.after >= e && s.end >= e { return nil }
                i = s.after
                continue
            }
            switch p[t.pos] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            default:
                depth -= 1
                if depth == 0 { return t.pos }
            }
            i = t.pos + 1
        }
    }

    /// The rule that selects the key with id `key` in the current frame stack (from `base`), if any.
    @inline(__always)
    private mutating func matchRule(_ key: Int32, base: Int) -> Int? {
        // Most keys have no rule: answered from two flat flags of the plan, without iterating (and
        // retaining) the rule lists, and without a call.
        if !(key >= 0 && plan.keyHasRules[Int(key)]) && !plan.hasWildcardRules { return nil }
        return ruleAmongRules(key, base: base)
    }

    /// `matchRule` for a key that has rules, or with wildcard rules.
    @inline(never)
    private mutating func ruleAmongRules(_ key: Int32, base: Int) -> Int? {
        if key >= 0 {
            let anywhere = plan.anywhereRuleByKey[Int(key)]
            if anywhere >= 0 { return Int(anywhere) }
            // By index: iterating a list of the plan retained and released it.
            let k = Int(key)
            for j in 0..<plan.rulesByKey[k].count {
                let r = plan.rulesByKey[k][j]
                if pathMatches(rule: r, base: base) { return r }
            }
        }
        for j in 0..<plan.wildcardRules.count {
            let r = plan.wildcardRules[j]
            if pathMatches(rule: r, base: base) { return r }
        }
        return nil
    }

    /// A key the plan knows, or a flattened key with a segment it knows.
    @inline(__always)
    static func isKnownKey(_ v: KeyMemo.Verdict) -> Bool { v.id >= 0 || v.dotted }

    /// `matchRule` for the key `p[s..<e]` whose verdict is `v`.
    @inline(__always)
    private mutating func keyRule(_ v: KeyMemo.Verdict, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, base: Int) -> Int? {
        _slowPath(v.dotted) ? flattenedKeyRule(v, p, s, e, base: base) : matchRule(v.id, base: base)
    }

    /// The rule of a flattened key (`user.name`, `custom_attributes.ssn`, `contact.location.city`),
    /// as if each segment before the last opened a container named by it: the rule of the first
    /// segment that has one at its place (`location` redacts `location.city` whole), else the last
    /// segment's with the others as its path. A segment of digits is an array index (transparent).
    @inline(never)
    private mutating func flattenedKeyRule(_ v: KeyMemo.Verdict, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int,
                                           base: Int) -> Int? {
        let depth = frames.count
        defer { frames.removeLast(frames.count - depth) }
        var a = s
        while frames.count - depth < Self.maxFlattenedSegments {
            var b = a
            while b < e && p[b] != 0x2E { b += 1 }
            if b >= e { break }
            var digits = a < b
            for i in a..<b where p[i] &- 48 >= 10 { digits = false; break }
            let id = digits ? RedactionPlan.anonymous : keyMemo.verdict(p, a, b, bufferEnd: bufferEnd).id
            if id >= 0, let r = matchRule(id, base: base) { return r }
            frames.append(.init(key: id, rule: -1))
            a = b + 1
        }
        return matchRule(v.id, base: base)
    }

    /// Segments of a flattened key taken as its path, at most (a longer key's first ones).
    static let maxFlattenedSegments = 16

    /// The rule's parent is one it does not apply under (`FieldRule.exceptUnder`): the key of the
    /// nearest container that has one (arrays are transparent).
    func parentExcepted(_ exceptParents: UInt64, base: Int) -> Bool {
        guard exceptParents != 0 else { return false }
        var f = frames.count - 1
        while f >= base && frames[f].key == RedactionPlan.anonymous { f -= 1 }
        return f >= base && exceptParents & plan.parentBit(ofKey: frames[f].key) != 0
    }

    /// Whether rule `r` applies to a key at the top of the frames above `base`.
    mutating func pathMatches(rule r: Int, base: Int) -> Bool {
        let rule = ruleInfo[r]
        if rule.hasGlobstar { return globMatches(plan.rules[r], base: base) }
        if parentExcepted(rule.exceptParents, base: base) { return false }
        var f = frames.count - 1
        for seg in rulePaths[range: rule.path].dropFirst() {
            while f >= base && frames[f].key == RedactionPlan.anonymous { f -= 1 }
            guard f >= base else { return false }
            if seg != RedactionPlan.wildcard && seg != frames[f].key { return false }
            f -= 1
        }
        return !typeExcepted(rule.exceptTypes, base: base)
    }

    /// The rule does not apply in an object of one of these types (`FieldRule.exceptWhenTypeIs`,
    /// bits of the plan's `nonPersonTypes`): the innermost container above `base` says its type.
    @inline(__always)
    func typeExcepted(_ exceptTypes: UInt64, base: Int) -> Bool {
        exceptTypes != 0 && frames.count > base && frames[frames.count - 1].hasType(among: exceptTypes)
    }

    /// Scans `p[s..<e]` at escape level `level`, appending edits in order. `nested`: the content
    /// of a Python string at level 0, whose containers are its own (as those of a string's content
    /// are). The containers of the line's content (at `contentLevel`) are the line's, carried.
    private mutating func scanRegion(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int, nested: Bool = false) {
        let top = level == contentLevel && !nested
        let base = top ? 0 : frames.count
        var i = s
        var textStart = s
        var overflow = 0
        defer { if !top { frames.removeLast(frames.count - base) } }

        // With Python keys, the next `'` is a token too: tokens are searched for up to it (else
        // it is `e`, and JSON lines pay one comparison per token).
        var apostrophe = linePythonKeys ? Self.nextApostrophe(p, i, e) : e
        while i < e {
            if apostrophe < i { apostrophe = Self.nextApostrophe(p, i, e) }
            let t = Self.nextToken(p, i, apostrophe, level)
            // Objects in parentheses close as the scanner passes their `)`: here those before the
            // text not scanned yet; those in it close at its keys, and at the token after it once
            // it is scanned (closing them at the token first took the frame from the keys before
            // it: `custom_attributes=A("b", ssn=1)` kept the SSN).
            if lineParens { closeParens(before: textStart, above: base) }
            if t.pos >= apostrophe {
                if apostrophe >= e { break }
                // A key of a dict repr with its value, or text.
                if let next = pythonMember(p, apostrophe, e, level: level, base: base, textStart: textStart) {
                    i = next
                    textStart = next
                } else {
                    i = apostrophe + 1
                }
                continue
            }
            guard let c = t.content else {
                // A bracket.
                let b = p[t.pos]
                // With keys without quotes, text is scanned up to each bracket too, so a key right
                // before a container (`location: {`) names it, and a key's value is found with the
                // frames of its own place; with logfmt keys, up to a bracket right after `=` or `=>`
                // (`custom_attributes={`).
                if lineTextKeys && (lineBareKeys || lineGoKeys || (t.pos > textStart && (p[t.pos - 1] == 0x3D || p[t.pos - 1] == 0x3E
                                                                          || Self.escapedRocketEnds(p, textStart, t.pos)))
                                    || (frames.count > base && frames[frames.count - 1].fromText)) {
                    if let next = textBeforeBracket(p, t.pos, e, level: level, base: base, textStart: textStart,
                                                    lineLevel: top) {
                        i = next
                        textStart = next
                        continue
                    }
                    textStart = t.pos + 1
                }
                if lineParens { closeParens(before: t.pos, above: base) }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    if frames.count - base >= Self.maxFrames { overflow += 1 } else {
                        let inherited = frames.count > base ? frames[frames.count - 1].rule : -1
                        frames.append(.init(key: RedactionPlan.anonymous, rule: inherited))
                    }
                } else if overflow > 0 {
                    overflow -= 1
                } else if frames.count > base {
                    frames.removeLast()
                }
                i = t.pos + 1
                continue
            }
            // A string: the text before it first (not the punctuation between two members, `,`
            // or `},`, which holds nothing: no key, no digit, no trigger).
            let pending = Self.isPunctuation(p, textStart, t.pos) ? nil
                : scanText(p, textStart, t.pos, level: level, base: base, regionEnd: e)
            if lineParens { closeParens(before: t.pos, above: base) }
            if resumeAt > t.pos {
                i = resumeAt
                textStart = i
                continue
            }
            let str = Self.stringEnd(p, c, e, level, readable: bufferEnd)
            let afterString = Self.skipWhitespace(p, str.after, e, level)
            let redacting = frames.count > base ? Int(frames[frames.count - 1].rule) : -1

            if str.after < e || str.end < e, afterString < e,
               p[afterString] == UInt8(ascii: ":") || (logfmtKeys && Self.isHashRocket(p, afterString, e)) {
                // A key (`"key": value`, or Ruby's `"key"=>value` with logfmt keys).
                scanDetectors(p, c, str.end, level: level + 1)
                let verdict = keyMemo.verdict(p, c, str.end, bufferEnd: bufferEnd)
                let key = verdict.id
                var rule = keyRule(verdict, p, c, str.end, base: base)
                if let r = rule, redacting < 0, plan.rules[r].exceptTypes != 0, frames.count > base,
                   !frames[frames.count - 1].typeSeen {
                    // A rule that a `type` may lift, before the object's `type`: sorted keys (`jq -S`,
                    // `sort_keys=True`, Go's maps) write `name` before it. Looked for once per object.
                    frames[frames.count - 1].typeSeen = true
                    let type = typeAhead(p, afterString + 1, e, level: level)
                    if type >= 0 {
                        frames[frames.count - 1].nonPersonType = Int8(type)
                        rule = keyRule(verdict, p, c, str.end, base: base)
                    }
                }
                let phoneKey = rule == nil && redacting < 0 && verdict.phone
                if rule == nil && redacting >= 0 { rule = redacting }
                let v = Self.skipWhitespace(p, afterString + (p[afterString] == UInt8(ascii: ":") ? 1 : Self.hashRocketLength(p, afterString, e)),
                                            e, level)
                i = handleValue(p, v, e, level: level, base: base, key: key, rule: rule, phoneKey: phoneKey,
                                inherited: rule == redacting && rule != nil, keyStart: t.pos)
            } else {
                // A value or a quoted string in text.
                if let k = pending, k.rule < 0, k.key == plan.typeKey, frames.count > base {
                    noteType(p, c, str.end)
                }
                if let r = pending.flatMap({ $0.rule >= 0 ? $0.rule : nil }) ?? (redacting >= 0 ? redacting : nil) {
                    redactField(start: c, end: str.end, rule: r, quoteLevel: -1, count: true)
                } else if plan.allowlistMode && frames.count > base && !elementAllowed(base: base) {
                    addFieldEdit(Edit(start: c, end: str.end, kind: plan.allowKind, quoteLevel: -1))
                } else if level < Self.maxLevel {
                    scanString(p, c, str.end, level: level + 1)
                } else {
                    scanText(p, c, str.end, level: level + 1, base: frames.count, regionEnd: str.end, detectorsOnly: true)
                }
                i = str.after
            }
            textStart = i
        }
        scanText(p, textStart, e, level: level, base: base, regionEnd: e)
    }

    /// `p[a..<b]` is at most 4 bytes of JSON punctuation between members (`,` `:` `{` `}` `[` `]` and
    /// spaces): text that `scanText` would find nothing in.
    @inline(__always)
    static func isPunctuation(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        guard b &- a <= 4 else { return false }
        var i = a
        while i < b {
            let c = p[i]
            // `,` `:` space, and `[` `]` `{` `}` (0x5B 0x5D 0x7B 0x7D: `| 0x20` makes them `{` `}`).
            guard c == 0x2C || c == 0x3A || c == 0x20 || (c | 0x20) == 0x7B || (c | 0x20) == 0x7D else { return false }
            i &+= 1
        }
        return true
    }

    /// At the bracket at `pos` of a line with keys in text: scans the text before it (from
    /// `textStart`). If the text ends with a key (`location: {`, `custom_attributes={`), the
    /// container is redacted whole when the key has a rule (to its matching bracket; without one,
    /// to the region's end, or after a key without quotes at a line's level as a frame with the
    /// rule, carried to the next lines: Node prints large objects over many lines), else opened as
    /// a frame named by the key. Returns where scanning continues if the bracket is done with, nil
    /// if the caller is to take it as usual. Out of line: it keeps the scanner's loop as it is for
    /// lines without such keys.
    @inline(never)
    private mutating func textBeforeBracket(_ p: UnsafePointer<UInt8>, _ pos: Int, _ e: Int, level: Int, base: Int,
                                            textStart: Int, lineLevel: Bool) -> Int? {
        let pending = scanText(p, textStart, pos, level: level, base: base, regionEnd: e)
        if resumeAt > pos { return resumeAt }
        guard let k = pending, p[pos] == UInt8(ascii: "{") || p[pos] == UInt8(ascii: "[") else { return nil }
        if k.rule >= 0 {
            let close = Self.matchingClose(p, pos, e, level, python: k.quote == Edit.singleQuotes || linePythonKeys)
            if close != nil || !lineLevel || k.quote != Edit.singleQuotes {
                let end = close.map { $0 + 1 } ?? e
                redactField(start: pos, end: end, rule: k.rule, quoteLevel: k.quote, count: true)
                return end
            }
        }
        return openTextFrame(key: k.key, rule: k.rule, base: base, phpArray: false) ? pos + 1 : nil
    }

    /// Opens a frame after a key in text, named by it, with its rule (counted) or else the rule of
    /// the frame around it; false at `maxFrames`.
    private mutating func openTextFrame(key: Int32, rule: Int, base: Int, phpArray: Bool) -> Bool {
        guard frames.count - base < Self.maxFrames else { return false }
        var r = frames.count > base ? frames[frames.count - 1].rule : -1
        if rule >= 0 {
            r = Int32(rule)
            ruleCounts[rule] += 1
        }
        frames.append(.init(key: key, rule: r, fromText: true, phpArray: phpArray))
        return true
    }

    /// After a key in text without a rule of its own (`customAttributes=`, `customAttributes: `)
    /// whose value at `v` is a typed object in parentheses (`Attrs(`, `main.Attrs(`): opens a
    /// frame named by the key up to its `)` (`typedParensEnd`), so that the keys inside have their
    /// path. At most `maxParenFrames` are open at once (the search for a `)` runs to the region's
    /// end when there is none: a hostile line of unclosed ones stays linear).
    private mutating func openParens(key: Int32, _ p: UnsafePointer<UInt8>, _ v: Int, _ regionEnd: Int, level: Int, base: Int) {
        guard key >= 0, frames.count - base < Self.maxFrames,
              !lineParens || frames.lazy.filter({ $0.parenClose != 0 }).count < Self.maxParenFrames,
              let close = Self.typedParensEnd(p, v, regionEnd, level: level) else { return }
        var frame = CarryState.Frame(key: key, rule: -1, fromText: true)
        frame.parenClose = Int32(truncatingIfNeeded: close)
        frames.append(frame)
        lineParens = true
    }

    static let maxParenFrames = 16

    /// Closes the frames of objects in parentheses that end before `pos` (on top of the stack).
    /// Never below `base`, the frames of the region being scanned: an object whose `)` lies in a
    /// string inside it (`custom_attributes=A(")\`) closes when the scanner is back in its region
    /// (popping the region's own frames crashed the scanner).
    @inline(never)
    private mutating func closeParens(before pos: Int, above base: Int) {
        while frames.count > base, let top = frames.last, top.parenClose != 0, Int(top.parenClose) < pos {
            frames.removeLast()
        }
    }

    /// The end of a typed object in parentheses at `v`, in text at escape level `level`: a type name
    /// (letters, digits, `_`, `.`, `$`, a letter first) right before a `(`; the position of its
    /// matching `)` in `..<e`, or `e` without one. Nil if `p[v...]` is no such object. Parentheses
    /// inside a string of the text's level do not count (`Attrs(note: "a)", ssn: "...")` ended at
    /// the note's `)` and kept the SSN); a string that does not close, or the end of the string
    /// the text is in (a quote of a lower level), ends the object at `e`.
    static func typedParensEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int, level: Int) -> Int? {
        guard v < e, (p[v] | 0x20) &- 97 < 26 else { return nil }
        var j = v + 1
        while j < e, case let c = p[j], (c | 0x20) &- 97 < 26 || c &- 48 < 10 || c == 0x5F || c == 0x2E || c == 0x24 { j += 1 }
        guard j < e, p[j] == UInt8(ascii: "(") else { return nil }
        var depth = 0
        var inString = false
        while j < e {
            switch p[j] {
            case UInt8(ascii: "(") where !inString: depth += 1
            case UInt8(ascii: ")") where !inString:
                depth -= 1
                if depth == 0 { return j }
            case UInt8(ascii: "\""):
                // A quote after k backslashes is one of level L when k is 2^L - 1 modulo 2^(L+1).
                var k = 0
                while j - k - 1 >= v && p[j - k - 1] == UInt8(ascii: "\\") { k += 1 }
                let unit = (1 << level) - 1
                if k & unit != unit { return e }                    // a lower level's: the text ends
                if (k >> level) & 1 == 0 { inString.toggle() }       // this level's
            default: break
            }
            j += 1
        }
        return e
    }

    /// Scans a string's content `p[s..<e]` at escape level `level` (> 0). Most contents hold no
    /// backslash and no bracket, hence no token: for those, `scanRegion` would only scan the text.
    @inline(__always)
    private mutating func scanString(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) {
        let plain: Bool
        if e &- s <= 32 && s &+ 32 <= bufferEnd {
            // Most string values are short: one 32-byte mask, not a loop over their words.
            plain = ByteKernels.escapedSpecialBits32(UnsafeRawPointer(p + s)) & ((UInt64(1) &<< UInt64(e &- s)) &- 1) == 0
        } else {
            plain = ByteKernels.nextJSONSpecial(p, s, e, readable: bufferEnd, quote: false) == e
        }
        if plain && !(linePythonKeys && Self.nextApostrophe(p, s, e) < e) {
            // (`scanText`'s own first test, without the call: most values need nothing.)
            if !lineTextKeys && (lineTriggers == 0 || !spanNeedsDetectors(s, e)) { return }
            scanText(p, s, e, level: level, base: frames.count, regionEnd: e)
        } else {
            scanRegion(p, s, e, level: level)
        }
    }

    /// Handles the value after `key:` at `v`; returns where scanning continues. A non-string value
    /// that is redacted becomes a string: quoted at `level`, or in `'` after a Python key (`python`).
    private mutating func handleValue(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int, level: Int, base: Int,
                                      key: Int32, rule: Int?, phoneKey: Bool, inherited: Bool, keyStart: Int,
                                      python: Bool = false) -> Int {
        guard v < e else {
            // The value was cut off by the line's end (or a split's): the next line may start with it.
            if e == valueCutEnd && level == contentLevel {
                cutKey = .init(key: key, rule: Int32(rule ?? -1), phoneKey: phoneKey, python: python)
            }
            return v
        }
        let b = p[v]
        let quote = python ? Edit.singleQuotes : Int8(level)
        // A string value starts with its delimiter: a quote, or at levels above 0 a backslash.
        // (Only then is the token search worth it: from a number it would run on to the next token.)
        // A Python string (after a Python key) starts with `'`, and its content is at its own level.
        var string: (content: Int, end: Int, after: Int)? = nil
        if level == 0 && b == UInt8(ascii: "\"") {
            // At level 0 a quote is a string's delimiter (what the token search would say).
            let str = Self.stringEnd(p, v + 1, e, level, readable: bufferEnd)
            string = (v + 1, str.end, str.after)
        } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\"), case let t = Self.nextToken(p, v, e, level), t.pos == v,
           let c = t.content {
            let str = Self.stringEnd(p, c, e, level, readable: bufferEnd)
            string = (c, str.end, str.after)
        } else if python && b == 0x27 {
            let str = Self.pythonStringEnd(p, v + 1, e, level)
            string = (v + 1, str.end, str.after)
        }
        if let (c, end, after) = string {
            if let r = rule {
                if inherited || !removeField(p, keyStart, after, e, level, plan.rules[r].removeKind) {
                    redactField(start: c, end: end, rule: r, quoteLevel: -1, count: true)
                } else { ruleCounts[r] += 1 }
            } else if phoneKey && Self.isPhoneLike(p, c, end) {
                if !removeField(p, keyStart, after, e, level, plan.phoneRemoveKind) {
                    addFieldEdit(Edit(start: c, end: end, kind: plan.phoneKind, quoteLevel: -1))
                }
                phoneKeyCount += 1
            } else if plan.allowlistMode && !valueAllowed(key, base: base) {
                if !removeField(p, keyStart, after, e, level, plan.allowRemoveKind) {
                    addFieldEdit(Edit(start: c, end: end, kind: plan.allowKind, quoteLevel: -1))
                }
            } else {
                if key == plan.typeKey && frames.count > base {
                    frames[frames.count - 1].typeSeen = true
                    noteType(p, c, end)
                }
                if python && b == 0x27 {
                    scanPythonString(p, c, end, level: level)
                } else if level < Self.maxLevel {
                    scanString(p, c, end, level: level + 1)
                } else {
                    scanText(p, c, end, level: level + 1, base: frames.count, regionEnd: end, detectorsOnly: true)
                }
            }
            return after
        }
        if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
            if let r = rule, !inherited, var close = Self.matchingClose(p, v, e, level, python: linePythonKeys) {
                // Go's `%#v` of a slice (`[]string{"a"}`): its elements are in the braces after the type.
                if close == v + 1 && b == UInt8(ascii: "["), p[close] == UInt8(ascii: "]"), let brace = Self.goTypeBrace(p, close + 1, e),
                   let end = Self.matchingClose(p, brace, e, level, python: false) {
                    close = end
                }
                if !removeField(p, keyStart, close + 1, e, level, plan.rules[r].removeKind) {
                    redactField(start: v, end: close + 1, rule: r, quoteLevel: quote, count: true)
                } else { ruleCounts[r] += 1 }
                return close + 1
            }
            if frames.count - base < Self.maxFrames {
                frames.append(.init(key: key, rule: Int32(rule ?? -1)))
                if rule != nil && !inherited { ruleCounts[rule!] += 1 }
                return v + 1
            }
            return v
        }
        if b &- 48 < 10 || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
            var end = Self.scalarEnd(p, v, e)
            if let r = rule {
                // Digits that go on after a space or a dash are the same value (`+1 415 555 0123`):
                // all of it goes, not a number the phone detector no longer knows is one.
                end = Self.spacedNumberEnd(p, end, e)
                if inherited || !removeField(p, keyStart, end, e, level, plan.rules[r].removeKind) {
                    redactField(start: v, end: end, rule: r, quoteLevel: quote, count: true)
                } else { ruleCounts[r] += 1 }
            } else if phoneKey && Self.isPhoneLike(p, v, end) {
                if !removeField(p, keyStart, end, e, level, plan.phoneRemoveKind) {
                    addFieldEdit(Edit(start: v, end: end, kind: plan.phoneKind, quoteLevel: quote))
                }
                phoneKeyCount += 1
            } else {
                return v
            }
            return end
        }
        return v
    }

    /// The object's type, when the rest of the current object, from `from` (at most `typeLookahead`
    /// bytes, in the line), holds a `type` key at its own depth whose string value is one of the
    /// plan's `nonPersonTypes`: its index there; else -1.
    @inline(never)
    private mutating func typeAhead(_ p: UnsafePointer<UInt8>, _ from: Int, _ e: Int, level: Int) -> Int {
        let end = Swift.min(e, from + Self.typeLookahead)
        var depth = 0
        var i = from
        while i < end {
            let t = Self.nextToken(p, i, end, level)
            guard t.pos < end else { return -1 }
            guard let c = t.content else {
                if p[t.pos] == UInt8(ascii: "{") || p[t.pos] == UInt8(ascii: "[") {
                    depth += 1
                } else {
                    if depth == 0 { return -1 }   // the object's end
                    depth -= 1
                }
                i = t.pos + 1
                continue
            }
            let str = Self.stringEnd(p, c, end, level, readable: bufferEnd)
            if depth == 0 && str.after < end {
                let colon = Self.skipWhitespace(p, str.after, end, level)
                if colon < end && p[colon] == UInt8(ascii: ":")
                    && keyMemo.verdict(p, c, str.end, bufferEnd: bufferEnd).id == plan.typeKey {
                    let v = Self.skipWhitespace(p, colon + 1, end, level)
                    let value = Self.nextToken(p, v, end, level)
                    guard value.pos == v, let vc = value.content else { return -1 }
                    return Self.indexAmong(p, vc, Self.stringEnd(p, vc, end, level, readable: bufferEnd).end, plan.nonPersonTypes)
                }
            }
            i = str.after
        }
        return -1
    }

    /// How far `typeAhead` looks: a bound on the work per object (objects nested in a
    /// line each look once).
    static let typeLookahead = 4096

    /// Scans the content of a Python string value: it may hold JSON or another repr, at the string's
    /// own level. Whole, to a bounded depth; deeper, its detectors only.
    @inline(never)
    private mutating func scanPythonString(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, level: Int) {
        if pythonDepth < Self.maxPythonDepth {
            pythonDepth += 1
            scanRegion(p, s, e, level: level, nested: true)
            pythonDepth -= 1
        } else {
            scanText(p, s, e, level: level, base: frames.count, regionEnd: e, detectorsOnly: true)
        }
    }

    private mutating func redactField(start: Int, end: Int, rule: Int, quoteLevel: Int8, count: Bool) {
        addFieldEdit(Edit(start: start, end: end, kind: plan.rules[rule].kind, quoteLevel: quoteLevel))
        if count { ruleCounts[rule] += 1 }
    }

    mutating func addFieldEdit(_ edit: Edit) {
        if let last = edits.last, last.end > edit.start {
            // Overlap (should not happen: fields are visited in order); keep the union.
            edits[edits.count - 1].end = Swift.max(last.end, edit.end)
            return
        }
        edits.append(edit)
    }

    static func isOneOf(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ words: [[UInt8]]) -> Bool {
        indexAmong(p, s, e, words) >= 0
    }

    /// The index of `p[s..<e]` among `words`, or -1.
    static func indexAmong(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ words: [[UInt8]]) -> Int {
        words.firstIndex { w in w.count == e - s && w.indices.allSatisfy { w[$0] == p[s + $0] } } ?? -1
    }

    /// The value `p[s..<e]` of the current object's `type` key: the object's type, if a rule excepts it.
    @inline(__always)
    private mutating func noteType(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        let i = Self.indexAmong(p, s, e, plan.nonPersonTypes)
        if i >= 0 { frames[frames.count - 1].nonPersonType = Int8(i) }
    }

    /// Only digits and phone punctuation, 7 to 15 digits.
    static func isPhoneLike(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var digits = 0
        for i in s..<e {
            let b = p[i]
            if b &- 48 < 10 { digits += 1 } else if !(b == 32 || b == 43 || b == 45 || b == 46 || b == 40 || b == 41 || b == 47) { return false }
        }
        return digits >= 7 && digits <= 15
    }

    // MARK: - Text: logfmt keys and value detectors

    /// A key whose value is the token after the text (`key="..."`, `key: {`), found by `scanText`
    /// for `scanRegion`: its id, its rule or -1, and how a redacted container is quoted.
    struct PendingKey {
        var key: Int32
        var rule: Int
        var quote: Int8
    }

    /// `scanText` with `detectorsOnly` on a key's content, whose check for hits is inlined (most
    /// keys hold none: a call per key cost dense 4% more instructions).
    @inline(__always)
    private mutating func scanDetectors(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, level: Int) {
        if lineTriggers != 0 && b > a && spanNeedsDetectors(a, b) {
            scanText(p, a, b, level: level, base: frames.count, regionEnd: b, detectorsOnly: true)
        }
    }

    /// Scans text outside strings (or a string's content with `detectorsOnly`). Returns the key that
    /// the text ends with when its value is the next token (`key=` or `key: ` right before it).
    @discardableResult
    private mutating func scanText(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, level: Int, base: Int,
                                   regionEnd: Int, detectorsOnly: Bool = false) -> PendingKey? {
        guard b > a else { return nil }
        let redacting = !detectorsOnly && frames.count > base ? Int(frames[frames.count - 1].rule) : -1
        // Most spans of a JSON line: nothing to redact and nothing to search.
        if redacting < 0 && (detectorsOnly || !lineTextKeys) && (lineTriggers == 0 || !spanNeedsDetectors(a, b)) {
            return nil
        }
        scratch.removeAll()
        var pending: PendingKey? = nil
        if redacting >= 0 {
            // Inside a redacted container that spans lines: its numbers, `'` strings and values
            // after keys without quotes go too.
            if lineBareKeys { _ = bareKeys(p, a, b, level: level, base: base, regionEnd: regionEnd, inherited: redacting) }
            if lineHasEquals && occurs(equalsCursor, p, a, b) {
                _ = logfmtKeys(p, cursors[equalsCursor].next, a, b, level: level, base: base, regionEnd: regionEnd,
                               inherited: redacting)
            }
            var i = a
            while i < b {
                let c = p[i]
                if c == UInt8(ascii: "\\") && level > 0 {
                    // An escape in a string's content (`=\u003e`, `\t`): its hex digits are no
                    // number. After an even run of backslashes (escaped ones) the next byte is itself.
                    var j = i + 1
                    while j < b && p[j] == UInt8(ascii: "\\") { j += 1 }
                    if (j - i) & 1 == 0 { i = j; continue }
                    i = j + 5 <= b && p[j] == UInt8(ascii: "u") ? j + 5 : Swift.min(j + 1, b)
                    continue
                }
                // A number (`-` only before a digit: YAML's `- ` starts an item, Markdown's a point).
                if c &- 48 < 10 || (c == UInt8(ascii: "-") && i + 1 < b && (p[i + 1] &- 48 < 10 || p[i + 1] == 0x2E)) {
                    let end = Self.scalarEnd(p, i, b)
                    let quote = lineBareKeys ? Edit.singleQuotes : Int8(level)
                    scratch.append(Edit(start: i, end: end, kind: plan.rules[redacting].kind, quoteLevel: quote))
                    i = end
                } else if c == 0x27 && lineBareKeys {
                    let str = Self.pythonStringEnd(p, i + 1, regionEnd, level)
                    scratch.append(Edit(start: i + 1, end: str.end, kind: plan.rules[redacting].kind, quoteLevel: -1))
                    resumeAt = Swift.max(resumeAt, str.after)
                    i = str.after
                } else { i += 1 }
            }
        } else if !detectorsOnly {
            // The cursor finds the next `=`: most spans of a line with one hold none, and a call per
            // span cost dense 4% more instructions.
            if lineHasEquals && occurs(equalsCursor, p, a, b) {
                pending = logfmtKeys(p, cursors[equalsCursor].next, a, b, level: level, base: base, regionEnd: regionEnd)
            }
            if lineBareKeys, let k = bareKeys(p, a, b, level: level, base: base, regionEnd: regionEnd) { pending = k }
            if lineGoKeys, let k = goKeys(p, a, b, level: level, base: base, regionEnd: regionEnd) { pending = k }
        }
        if lineTriggers != 0 { runDetectors(p, a, b) }
        mergeScratch()
        return pending
    }

    /// The logfmt keys of the text `p[a..<b]` from its first `=` at `from` (`key=value`; Ruby's
    /// `{"name"=>"Jane"}`): their values go into `scratch`. Returns the key that ends the text if
    /// its value is the next token.
    @inline(never)
    /// `inherited`: the rule of a redacted container around the text (else -1), which every key takes.
    private mutating func logfmtKeys(_ p: UnsafePointer<UInt8>, _ from: Int, _ a: Int, _ b: Int, level: Int,
                                     base: Int, regionEnd: Int, inherited: Int = -1) -> PendingKey? {
        // Objects in parentheses that close in the text close with it (a token follows).
        defer { if lineParens { closeParens(before: b, above: base) } }
        var pending: PendingKey? = nil
        var i = from
        while i < b, let q = memchr(p + i, 0x3D, b - i) {
            let eq = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            i = eq + 1
            if lineParens { closeParens(before: eq, above: base) }
            var k = Self.identStart(p, a, eq)
            var keyEnd = eq
            var printR = false, phpKey = false, spaced = false
            let rocket = Self.hashRocketLength(p, eq, b)
            if k == eq, rocket > 0, let php = Self.phpArrayKey(p, lineStart, eq) {
                (k, keyEnd) = (php.start, php.end)
                printR = php.printR
                phpKey = true
            } else if k == eq, let start = Self.spacedKeyStart(p, a, eq, b, lineStart: lineStart) {
                (k, keyEnd) = (start, eq - 1)
                spaced = true
            }
            var bracketed: (key: Int32, rule: Int?)? = nil
            if k == eq, let start = Self.bracketKeyStart(p, a, eq) {
                bracketed = bracketKeyRule(p, start, eq, base: base)
                (k, keyEnd) = (start, eq)
            }
            guard k < keyEnd else { continue }
            let verdict = bracketed.map { KeyMemo.Verdict(id: $0.key, phone: false) }
                ?? keyMemo.verdict(p, k, keyEnd, bufferEnd: bufferEnd)
            let key = verdict.id
            if phpKey && level == contentLevel
                && (printR ? Self.isPrintRContainer(p, eq + rocket, regionEnd) : Self.isBlank(p, eq + rocket, regionEnd)) {
                // `[location] => Array` (or `=> Foo Object`), or `'location' =>` at the line's end
                // (`var_export`, whose `array (` follows): its elements follow on the lines up to
                // a line of `)`: a frame named by the key, carried with the line.
                // (In a redacted array, the array around it gives the rule.)
                let rule = inherited < 0 && key >= 0 ? matchRule(key, base: base) ?? -1 : -1
                _ = openTextFrame(key: key >= 0 ? key : RedactionPlan.anonymous, rule: rule, base: base, phpArray: true)
                break
            }
            guard key >= 0 || verdict.dotted || inherited >= 0 else { continue }
            // Paths too: a key inside a container that a key named (`custom_attributes={ssn=...}`,
            // Java's map) has the container's frame.
            let rule = inherited >= 0 ? inherited : bracketed.map { $0.rule } ?? keyRule(verdict, p, k, keyEnd, base: base)
            // The value starts after the `=`, or after Ruby's `=>` and spaces (`:name=>"Jane"`).
            var v = eq + 1
            if rocket > 0 || spaced {
                v = eq + (spaced ? 1 : rocket)
                while v < b && p[v] == 32 { v += 1 }
            }
            if v == b {
                // A quoted value or a container (`location={"city":"Dublin"}`): the next token.
                if b < regionEnd { pending = PendingKey(key: key, rule: rule ?? -1, quote: -1) }
                continue
            }
            guard let r = rule else {
                if inherited < 0 { openParens(key: key, p, v, regionEnd, level: level, base: base) }
                continue
            }
            if p[v] == UInt8(ascii: "{") || p[v] == UInt8(ascii: "[") {
                // A container the text runs over (`:location=> {`, Ruby 3.4's spaced rockets):
                // whole, to its matching bracket, or to the region's end without one.
                let close = Self.matchingClose(p, v, regionEnd, level, python: linePythonKeys).map { $0 + 1 } ?? regionEnd
                redactInText(start: v, end: close, rule: r, quoteLevel: -1, resume: close, b)
                if close >= b { break }
                i = close
                continue
            }
            if p[v] == 0x27 {
                // A single-quoted value (`name='Jane Doe'`, Python's `Contact(name='Jane Doe')`):
                // its content, to the closing quote, or to the region's end without one.
                let str = Self.pythonStringEnd(p, v + 1, regionEnd, level)
                redactInText(start: v + 1, end: str.end, rule: r, quoteLevel: -1, resume: str.after, b)
                if str.after >= b { break }
                i = str.after
                continue
            }
            if printR {
                // print_r's `[name] => Jane Doe`: the rest of the line.
                var end = regionEnd
                while end > v && (p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
                if end > v { redactInText(start: v, end: end, rule: r, quoteLevel: -1, resume: end, b) }
                break
            }
            if spaced || (k > lineStart && Self.opensToStringField(p, k)) {
                // Java's and Kotlin's `toString` (`Contact(name=Jane Doe, location=Location(city=
                // Dublin, country=Ireland))`), C#'s records (`Contact { Name = Jane Doe, ... }`):
                // the value, spaces and nested objects included.
                let end = Self.bareValueEnd(p, v, regionEnd, separator: UInt8(ascii: "="))
                if end > v { redactInText(start: v, end: end, rule: r, quoteLevel: -1, resume: end, b) }
                if end >= b { break }
                i = end
                continue
            }
            var j = Self.wordsValueEnd(p, v, b, beforePair: true)
            // Inside a typed object, a value ends at its `)` at the latest (`A(x ssn=1)`).
            if lineParens, let top = frames.last, top.parenClose != 0, Int(top.parenClose) >= v {
                j = Swift.min(j, Int(top.parenClose))
            }
            if j > v {
                scratch.append(Edit(start: v, end: j, kind: plan.rules[r].kind, quoteLevel: -1))
                ruleCounts[r] += 1
            }
            i = j
        }
        return pending
    }

    /// End of a value without quotes at `v` in text: a word (`logfmtWordEnd`). Printf-style logs
    /// write `name=Jane Doe email=...`: after a value that is a word of letters, the words of
    /// letters that start with a capital (or a non-ASCII byte: `Élodie`, `Ørsted`) go with it, and
    /// with `beforePair` (a logfmt value), so do words of letters in any case that the next pair
    /// follows (`name=jane doe role=admin`: in logfmt nothing but a pair comes between two pairs).
    /// Lower-case words that no pair follows are the message's (`name=Jane Doe took 5ms`,
    /// `name=jane logged in`), and so is what follows them; after Go's `Name:` in text too
    /// (`Location:INFO saved contact id=7`).
    /// (Not after `jane@x.io`: `email=jane@x.io INFO`.)
    static func wordsValueEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ b: Int, beforePair: Bool = false) -> Int {
        var j = logfmtWordEnd(p, v, b)
        guard isNameWord(p, v, j) else { return j }
        var wordsEnd = j   // after the words of letters so far
        var lowerCase = false   // one of them since `j` starts in lower case: a pair must follow
        while wordsEnd < b && (p[wordsEnd] == 32 || p[wordsEnd] == 9) {
            var w = wordsEnd
            while w < b && (p[w] == 32 || p[w] == 9) { w += 1 }
            guard w < b else { break }
            let end = logfmtWordEnd(p, w, b)
            if isNameWord(p, w, end) {
                wordsEnd = end
                if p[w] &- 65 < 26 || p[w] >= 0x80 {
                    if !lowerCase { j = end }
                } else {
                    lowerCase = true
                }
                continue
            }
            // `Key=x` is the next pair: the words before it were the value's.
            if beforePair && keyFollows(p, w, b, separator: UInt8(ascii: "=")) { j = wordsEnd }
            break
        }
        return j
    }

    /// `p[s..<e]` is a word of a name: letters (any non-ASCII byte counts), `-` and `.`.
    static func isNameWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard s < e else { return false }
        for i in s..<e {
            let c = p[i]
            if !((c | 0x20) &- 97 < 26 || c >= 0x80 || c == 45 || c == 46) { return false }
        }
        return true
    }

    /// End of a logfmt value's word at `v`: the next blank, `&`, `;`, `,` or `'`, or `b`.
    static func logfmtWordEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ b: Int) -> Int {
        var j = v
        while j < b {
            let c = p[j]
            if c == 32 || c == 9 || c == 38 || c == 59 || c == 44 || c == 39 { break }
            j += 1
        }
        return j
    }

    /// The value of a `print_r` element at `v` (blanks first) opens a nested array: `Array`, or a
    /// class name and `Object`, to the end of the line.
    static func isPrintRContainer(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int) -> Bool {
        var s = v, end = e
        while s < end && p[s] == 32 { s += 1 }
        while end > s && (p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
        if isOneOf(p, s, end, printRArray) { return true }
        return end - s > printRObject[0].count && isOneOf(p, end - printRObject[0].count, end, printRObject)
    }

    static let printRArray = [Array("Array".utf8)], printRObject = [Array(" Object".utf8)]

    /// `p[s..<e]` ends a PHP array printed over lines: `)` (`print_r`), `),` (`var_export`) or
    /// `)),` (an object's `__set_state(array(`), with blanks around it.
    static func isPHPArrayEnd(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s, end = e
        while i < end && (p[i] == 32 || p[i] == 9) { i += 1 }
        while end > i && (p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
        if end > i && p[end - 1] == UInt8(ascii: ",") { end -= 1 }
        guard end > i else { return false }
        for j in i..<end where p[j] != UInt8(ascii: ")") { return false }
        return true
    }

    /// `p[s..<e]` holds only blanks (or nothing).
    static func isBlank(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e && (p[i] == 32 || p[i] == 9) { i += 1 }
        return i >= e
    }

    /// The key of a PHP array element before the `=>` at `eq` (and blanks): `'name' => ...`
    /// (`var_export`) or `[name] => ...` (`print_r`, whose value is the rest of the line), at most
    /// `maxPythonKey` bytes, at or after `floor`.
    static func phpArrayKey(_ p: UnsafePointer<UInt8>, _ floor: Int, _ eq: Int) -> (start: Int, end: Int, printR: Bool)? {
        var j = eq
        while j > floor && p[j - 1] == 32 { j -= 1 }
        guard j - 1 > floor else { return nil }
        let close = p[j - 1]
        guard close == 0x27 || close == UInt8(ascii: "]") else { return nil }
        let end = j - 1
        var k = end
        while k > floor && end - k <= maxPythonKey {
            let c = p[k - 1]
            if close == 0x27 ? c == 0x27 : c == UInt8(ascii: "[") {
                return k < end ? (k, end, close != 0x27) : nil
            }
            if close == 0x27 ? (c == 0x22 || c == 0x5C) : !ByteKernels.isKeyByte(c) { return nil }
            k -= 1
        }
        return nil
    }

    /// Start of a form parameter's key that ends at the `=` at `eq` (Rails' and PHP's query
    /// strings and form bodies: `user[name]=`, `contact[location][city]=`, `tags[]=`): key bytes,
    /// then one or more `[` key bytes `]`, at or after `floor`; or nil.
    static func bracketKeyStart(_ p: UnsafePointer<UInt8>, _ floor: Int, _ eq: Int) -> Int? {
        var j = eq
        while j > floor && p[j - 1] == UInt8(ascii: "]") {
            var k = j - 1
            while k > floor && ByteKernels.isKeyByte(p[k - 1]) { k -= 1 }
            guard k > floor, p[k - 1] == UInt8(ascii: "[") else { return nil }
            j = k - 1
        }
        guard j < eq else { return nil }
        let start = identStart(p, floor, j)
        return start < j ? start : nil
    }

    /// The keys of a form parameter (`bracketKeyStart`) from the first: the first that has a rule
    /// with the keys before it as its path, and the rule (`contact[location][city]` is `location`'s,
    /// `contact[custom_attributes][ssn]` `custom_attributes.ssn`'s); else the last key, no rule.
    private mutating func bracketKeyRule(_ p: UnsafePointer<UInt8>, _ start: Int, _ eq: Int, base: Int) -> (key: Int32, rule: Int?) {
        let depth = frames.count
        defer { frames.removeLast(frames.count - depth) }
        var key = RedactionPlan.unknownKey
        var i = start
        while i < eq {
            let j = Self.bracketKeyEnd(p, i, eq)
            if j > i {
                key = keyMemo.verdict(p, i, j, bufferEnd: bufferEnd).id
                if key >= 0, let r = matchRule(key, base: base) { return (key, r) }
                if frames.count - base < Self.maxFrames {
                    frames.append(.init(key: key >= 0 ? key : RedactionPlan.anonymous, rule: -1))
                }
            }
            i = j + 1
        }
        return (key, nil)
    }

    /// End of the key of a form parameter's chain (`bracketKeyStart`) that starts at `i`: its `[`
    /// or `]`, or `eq`.
    static func bracketKeyEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ eq: Int) -> Int {
        var j = i
        while j < eq && p[j] != UInt8(ascii: "[") && p[j] != UInt8(ascii: "]") { j += 1 }
        return j
    }

    /// Start of a key before ` = ` (the `=` at `eq`, a blank on each side; key bytes from `floor`)
    /// that starts a field: at the line's start, or after `{`, `(` or `,` and a blank (C#'s records
    /// and anonymous types, `Contact { Name = Jane Doe, Email = ... }`; `name = Jane Doe` lines).
    static func spacedKeyStart(_ p: UnsafePointer<UInt8>, _ floor: Int, _ eq: Int, _ e: Int, lineStart: Int) -> Int? {
        guard eq - 1 > floor, p[eq - 1] == 32, eq + 1 < e, p[eq + 1] == 32 else { return nil }
        let k = identStart(p, floor, eq - 1)
        guard k < eq - 1 else { return nil }
        if k == lineStart { return k }
        guard k - 2 >= lineStart, p[k - 1] == 32 else { return nil }
        let c = p[k - 2]
        return c == UInt8(ascii: "{") || c == UInt8(ascii: "(") || c == UInt8(ascii: ",") ? k : nil
    }

    /// The key at `k` is a field of a Java or Kotlin `toString` (`Contact(name=..., email=...)`,
    /// Lombok's and data classes' form; a map's `{name=..., email=...}`): right after `(` or `{`,
    /// or after `, `. A logfmt key follows a space after a value (`a=1 name=Jane`).
    static func opensToStringField(_ p: UnsafePointer<UInt8>, _ k: Int) -> Bool {
        p[k - 1] == UInt8(ascii: "(") || p[k - 1] == UInt8(ascii: "{") || p[k - 1] == UInt8(ascii: ",")
            || (k >= 2 && p[k - 1] == 32 && p[k - 2] == UInt8(ascii: ","))
    }

    /// End of a value without quotes that starts at `v`, after a key whose next sibling would end
    /// in `separator` (`=` in a `toString`, `:` for keys without quotes): a `;`, the bracket that
    /// closes the object, or a comma before the next key, outside the brackets the value opens (a
    /// nested `Location(...)` or `Location { ... }`, a list); or `e`; without the blanks before it.
    /// YAML's `city: Dublin, Ireland` goes whole.
    static func bareValueEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int, separator: UInt8) -> Int {
        valueEnd(p, v, e) { j in
            // A comma before the next key, or at the line's end (Rust's `{:#?}` ends every field so).
            p[j] == UInt8(ascii: ";") || (p[j] == UInt8(ascii: ",")
                && (keyFollows(p, j + 1, e, separator: separator) || isBlank(p, j + 1, e)))
        }
    }

    /// End of a value without quotes at `v`: the first byte outside the brackets the value opens
    /// that is the bracket closing its container or at which `endsHere` says it ends; or `e`;
    /// without the blanks before it.
    @inline(__always)
    static func valueEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int, endsHere: (Int) -> Bool) -> Int {
        var depth = 0
        var j = v
        scan: while j < e {
            switch p[j] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { break scan }
                depth -= 1
            default:
                if depth == 0 && endsHere(j) { break scan }
            }
            j += 1
        }
        while j > v && (p[j - 1] == 32 || p[j - 1] == 9) { j -= 1 }
        return j
    }

    // MARK: - Keys without quotes

    // Node's `console.log` of an object (`{ name: 'Jane Doe', location: { city: 'Paris' } }`), Rust's
    // `{:?}` (`Contact { name: "Jane Doe" }`) and YAML-like text (`name: Jane Doe`) write keys
    // without quotes. With logfmt keys, a run of key bytes (`identStart`) right before a colon and a
    // space is a key with every rule, paths included (its frames are the scanner's at that
    // place: text is scanned up to each bracket on such lines). Its value: a `'` or `"` string
    // (the content goes), a container (whole), or a bare value (`bareValueEnd`: to `;`, a closing
    // bracket or a comma before the next key, brackets it opens included, or the region's end;
    // fail closed: `name: Jane Doe` loses the whole name, `city: Dublin, Ireland` the whole place). A redacted non-string
    // value becomes a `'` string (as after a Python key).

    /// Values that stay after a key with a rule: JSON's literals, and JavaScript's, Python's and Go's.
    static let bareLiterals: [[UInt8]] = ["null", "true", "false", "undefined", "None", "True", "False", "nil", "<nil>"]
        .map { Array($0.utf8) }

    /// The colon at `colon` is followed by a space within `..<e`.
    @inline(__always)
    static func isBareKeyColon(_ p: UnsafePointer<UInt8>, _ colon: Int, _ e: Int) -> Bool {
        colon + 1 < e && p[colon + 1] == 0x20
    }

    /// Sets `lineBareKeys` if `p[from..<e]` (in the current line) holds a known key without
    /// quotes before `: ` (key bytes at or after the line's start that `keyMemo` knows; with
    /// `anyKey`, any), and `lineGoKeys` if it holds a known key of Go's (`goKeyStart`). One pass
    /// for both (`nextTextKeyColon`).
    private mutating func textKeys(_ p: UnsafePointer<UInt8>, _ from: Int, _ e: Int, anyKey: Bool) {
        var i = from
        while !(lineBareKeys && lineGoKeys) {
            let c = ByteKernels.nextTextKeyColon(p, i, e, floor: lineStart, readable: bufferEnd)
            if c >= e { return }
            i = c + 1
            if p[c + 1] == 0x20 {
                guard !lineBareKeys else { continue }
                let k = Self.identStart(p, lineStart, c)
                lineBareKeys = k < c && (anyKey || Self.isKnownKey(keyMemo.verdict(p, k, c, bufferEnd: bufferEnd)))
            } else if !lineGoKeys, let k = goKeyStart(p, lineStart, c) {
                lineGoKeys = anyKey || keyMemo.verdict(p, k, c, bufferEnd: bufferEnd).id >= 0
            }
        }
    }

    /// The keys without quotes of the text `p[a..<b]`: the values of those with a rule go into
    /// `scratch`. Returns the key that ends the text if its value is the next token.
    /// `inherited`: the rule of a redacted container around the text (else -1), which every key takes.
    @inline(never)
    private mutating func bareKeys(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, level: Int, base: Int,
                                   regionEnd: Int, inherited: Int = -1) -> PendingKey? {
        defer { if lineParens { closeParens(before: b, above: base) } }
        var i = a
        while i < b {
            let colon = ByteKernels.nextBareKeyColon(p, i, b, floor: a, readable: bufferEnd)
            if colon >= b { break }
            i = colon + 1
            if lineParens { closeParens(before: colon, above: base) }
            let k = Self.identStart(p, a, colon)
            guard k < colon else { continue }
            let verdict = keyMemo.verdict(p, k, colon, bufferEnd: bufferEnd)
            let key = verdict.id
            guard key >= 0 || verdict.dotted || inherited >= 0 else { continue }
            let rule = inherited >= 0 ? inherited : keyRule(verdict, p, k, colon, base: base)
            var v = colon + 1
            while v < b && p[v] == 0x20 { v += 1 }
            if v == b {
                // A `"` string or a container: the next token.
                return b < regionEnd ? PendingKey(key: key, rule: rule ?? -1, quote: Edit.singleQuotes) : nil
            }
            if p[v] == 0x27 {
                let str = Self.pythonStringEnd(p, v + 1, regionEnd, level)
                if let r = rule {
                    redactInText(start: v + 1, end: str.end, rule: r, quoteLevel: -1, resume: str.after, b)
                } else if key == plan.typeKey && frames.count > base {
                    noteType(p, v + 1, str.end)
                }
                if str.after > b { break }
                i = str.after
                continue
            }
            // A type name before a container (Elixir's `%{`, `%Location{`) that ends the line (Rust's
            // `{:#?}` writes `location: Location {` and the fields on the next lines), or after a
            // key without a rule (whose container only names a path): the container is the next
            // token, a frame named by the key (carried if the line leaves it open). (After a key
            // with a rule, a container that the line goes on after: a bare value, whole.)
            if b < regionEnd && (p[b] == UInt8(ascii: "{") || p[b] == UInt8(ascii: "[")) && Self.isTypeName(p, v, b)
                && (rule == nil || Self.isBlank(p, b + 1, regionEnd)) {
                return PendingKey(key: key, rule: rule ?? -1, quote: Edit.singleQuotes)
            }
            guard let r = rule else {
                if inherited < 0 { openParens(key: key, p, v, regionEnd, level: level, base: base) }
                continue
            }
            // YAML's block scalar (`address: |`): its text is on the next lines (`openYAMLBlock`).
            if Self.yamlScalarIndicator(p, v, regionEnd) { i = regionEnd; continue }
            // A bare value (`{ phone: 4155550123, name: null }`, `location: Location { city: ... }`).
            let end = Self.bareValueEnd(p, v, regionEnd, separator: 0x3A)
            // `null`, `true` and the like stay, as in JSON.
            if Self.isOneOf(p, v, end, Self.bareLiterals) { i = end; continue }
            redactInText(start: v, end: end, rule: r, quoteLevel: Edit.singleQuotes, resume: end, b)
            if end > b { break }
            i = end
        }
        return nil
    }

    /// `p[i..<e]` starts with blanks, then key bytes and `separator`: the next key, after a comma
    /// that ends a value (a `toString` field's `=`; or a key without quotes, whose colon a space
    /// follows).
    static func keyFollows(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, separator: UInt8) -> Bool {
        var j = i
        while j < e && p[j] == 0x20 { j += 1 }
        let k = j
        while j < e && ByteKernels.isKeyByte(p[j]) { j += 1 }
        // C#'s records write ` = ` (`, Email = ...`).
        if separator == UInt8(ascii: "=") && j > k && j + 1 < e && p[j] == 0x20 && p[j + 1] == separator { j += 1 }
        guard j > k && j < e && p[j] == separator else { return false }
        return separator != 0x3A || isBareKeyColon(p, j, e)
    }

    /// A value found in the text `..<b` (into `scratch`). If it ends (with its closing quote, at
    /// `resume`) past `b`, the scanner resumes there.
    @inline(__always)
    private mutating func redactInText(start: Int, end: Int, rule: Int, quoteLevel: Int8, resume: Int, _ b: Int) {
        scratch.append(Edit(start: start, end: end, kind: plan.rules[rule].kind, quoteLevel: quoteLevel))
        ruleCounts[rule] += 1
        if resume > b { resumeAt = Swift.max(resumeAt, resume) }
    }

    // MARK: - YAML blocks

    // YAML (a payload dumped with `to_yaml` or `yaml.dump`) nests by indentation: `location:` ends
    // its line and the place follows, indented deeper (`  city: Dublin`); `custom_attributes:`,
    // then `  ssn: ...`; a block scalar's text (`address: |`) is the lines indented deeper. Such a
    // key opens a frame on the scanner's stack (`Frame.yamlIndent`, its column), carried while the
    // lines are indented (as a pretty-printed JSON document's), closed by a line indented no
    // deeper. Its keys are then a path and a redacting rule as JSON's are.

    /// A line of YAML's block style: `indent`, then `- ` items, then `key:` at its end (`valueStart`
    /// nil) or `key: value`; nil if the line is no key line.
    struct YAMLKeyLine {
        /// The key's column (after `- ` items, at its opening quote if it has one).
        var column: Int
        /// The key's bytes, without quotes.
        var keyStart: Int, keyEnd: Int
        /// Where the value starts (after `: ` and blanks), or nil when the key ends the line.
        var valueStart: Int?
    }

    /// The column of the first non-blank byte of `p[s..<e]` and where the content starts after
    /// any `- ` (sequence items).
    @inline(__always)
    static func yamlIndentation(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (indent: Int, content: Int) {
        var i = s
        while i < e && p[i] == 0x20 { i += 1 }
        let indent = i - s
        while i + 1 < e && p[i] == 0x2D && p[i + 1] == 0x20 {
            i += 2
            while i < e && p[i] == 0x20 { i += 1 }
        }
        return (indent, i)
    }

    /// The last bytes of `p[s..<e]` may end a `yamlKeyLine`: `:`, a blank, or a block scalar
    /// indicator (`|`, `>`, then up to two of `-`, `+` and a digit). A few comparisons, inline: most
    /// lines end otherwise.
    @inline(__always)
    static func mayEndYAMLKey(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e > s else { return false }
        @inline(__always) func indicator(_ c: UInt8) -> Bool { c == 0x7C || c == 0x3E }
        @inline(__always) func modifier(_ c: UInt8) -> Bool { c == 0x2D || c == 0x2B || c &- 48 < 10 }
        let c = p[e - 1]
        if c == 0x3A || c == 0x20 || indicator(c) { return true }
        guard modifier(c) && e - s >= 3 else { return false }
        let d = p[e - 2]
        return indicator(d) || (modifier(d) && indicator(p[e - 3]))
    }

    /// `p[s..<e]` is a key line of YAML's block style whose key ends the line (`location:`) or
    /// starts a block scalar (`address: |`): nil otherwise (a `key: value` line is the scanner's).
    static func yamlKeyLine(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> YAMLKeyLine? {
        var b = e
        while b > s && p[b - 1] == 0x20 { b -= 1 }
        guard mayEndYAMLKey(p, s, b) else { return nil }
        let content = yamlIndentation(p, s, b).content
        guard let key = yamlKey(p, content, b) else { return nil }
        let k = key.colon
        if k + 1 == b { return YAMLKeyLine(column: content, keyStart: key.start, keyEnd: key.end, valueStart: nil) }
        var v = k + 1
        while v < b && p[v] == 0x20 { v += 1 }
        return yamlScalarIndicator(p, v, b) ? YAMLKeyLine(column: content, keyStart: key.start, keyEnd: key.end, valueStart: v) : nil
    }

    /// The key that starts `p[k..<e]` and the colon after it: key bytes, or any bytes but the
    /// quote in `"` or `'` quotes (`"custom_attributes":`, as YAML writers quote some keys), then
    /// `:` at `e` or before a space or tab; nil if there is none.
    @inline(__always)
    static func yamlKey(_ p: UnsafePointer<UInt8>, _ k: Int, _ e: Int) -> (start: Int, end: Int, colon: Int)? {
        /// `p[c]` is the key's colon: it ends the line or a blank follows.
        @inline(__always) func isColon(_ c: Int) -> Bool {
            c < e && p[c] == 0x3A && (c + 1 == e || p[c + 1] == 0x20 || p[c + 1] == 0x09)
        }
        if k < e && (p[k] == 0x22 || p[k] == 0x27) {
            let quote = p[k]
            var end = k + 1
            while end < e && p[end] != quote { end += 1 }
            guard end < e, end > k + 1, isColon(end + 1) else { return nil }
            return (k + 1, end, end + 1)
        }
        var c = k
        while c < e && ByteKernels.isKeyByte(p[c]) { c += 1 }
        guard c > k, isColon(c) else { return nil }
        return (k, c, c)
    }

    /// `p[i..<e]` is blanks and a YAML comment (` # ...`): at least one blank, then `#`.
    @inline(__always)
    static func commentFollows(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Bool {
        var j = i
        while j < e && (p[j] == 0x20 || p[j] == 0x09) { j &+= 1 }
        return j > i && j < e && p[j] == UInt8(ascii: "#")
    }

    /// Where the key line `p[s..<e]` would end without the YAML comment after its key or its block
    /// scalar's indicator (`location:  # where they live`, `address: |  # text`), or nil if the line
    /// is no such line.
    static func yamlKeyBeforeComment(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard let key = yamlKey(p, yamlIndentation(p, s, e).content, e) else { return nil }
        var i = key.colon + 1
        var j = i
        while j < e && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
        if let indicatorEnd = yamlScalarIndicatorEnd(p, j, e) { i = indicatorEnd }
        return commentFollows(p, i, e) ? i : nil
    }

    /// `p[v..<e]` is a block scalar indicator: `|` or `>`, up to two of `-`, `+` and a digit, then
    /// blanks to `e`.
    static func yamlScalarIndicator(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int) -> Bool {
        guard var j = yamlScalarIndicatorEnd(p, v, e) else { return false }
        while j < e && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
        return j == e
    }

    /// The end of the block scalar indicator at `v` (`|` or `>`, then up to two of `-`, `+` and a
    /// digit), or nil if there is none.
    static func yamlScalarIndicatorEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int) -> Int? {
        guard v < e, p[v] == 0x7C || p[v] == 0x3E else { return nil }
        var j = v + 1
        while j < e && j < v + 3 && (p[j] == 0x2D || p[j] == 0x2B || p[j] &- 48 < 10) { j += 1 }
        return j
    }

    /// At the start of a non-blank line with a YAML block carried: the blocks the line is not
    /// indented deeper than close. In a block whose content goes (a scalar's text, or a line of
    /// `location:` that is no key line: `- Dublin`), the line's content is redacted and the line
    /// needs nothing else: returns true.
    private mutating func yamlBlockLine(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let (indent, content) = Self.yamlIndentation(p, s, e)
        // A sequence item at a mapping block's own column is in it (`location:`, then `- Cork`); a
        // scalar's text is indented deeper.
        let item = Self.startsSequenceItem(p, s + indent, e)
        while let top = carry.frames.last, top.yamlIndent > indent || (top.yamlIndent == indent && (!item || top.yamlScalar)) {
            carry.frames.removeLast()
        }
        guard let top = carry.frames.last, top.yamlIndent >= 0, top.rule >= 0 else { return false }
        // A key line (`city: Dublin`, `address:`) is the scanner's, which redacts every value here.
        if !top.yamlScalar && Self.yamlKey(p, content, e) != nil { return false }
        let from = top.yamlScalar ? s + indent : content
        var to = e
        while to > from && (p[to - 1] == 0x20 || p[to - 1] == 0x09) { to -= 1 }
        if to > from {
            let r = Int(top.rule)
            edits.append(Edit(start: from, end: to, kind: plan.rules[r].kind, quoteLevel: -1))
            ruleCounts[r] += 1
        }
        return true
    }

    /// A key at a line's end outside any YAML block opens one: a key the plan knows (it has a rule,
    /// or is a path's parent) or a rule's excepted parent (`service:`, before `name:`).
    @inline(__always)
    func opensYAMLBlock(_ v: KeyMemo.Verdict) -> Bool {
        Self.isKnownKey(v) || plan.parentBit(ofKey: v.id) != 0
    }

    /// At the end of a line: a YAML key that ends it (`custom_attributes:`) opens a block, if it is
    /// one that matters (a known key or a rule's excepted parent, or inside a block already: an
    /// unknown key is still a parent that breaks a path); a block scalar (`address: |`) opens one
    /// if its key has a rule. Inside a block whose content goes, every block goes.
    private mutating func openYAMLBlock(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        guard let line = Self.yamlKeyLine(p, s, e), frames.count < 32 else { return }
        let inBlock = (frames.last?.yamlIndent ?? -1) >= 0
        let verdict = keyMemo.verdict(p, line.keyStart, line.keyEnd, bufferEnd: bufferEnd)
        let inherited = inBlock ? Int(frames.last!.rule) : -1
        let rule = inherited >= 0 ? inherited : keyRule(verdict, p, line.keyStart, line.keyEnd, base: 0)
        let scalar = line.valueStart != nil
        guard rule != nil || (!scalar && (inBlock || opensYAMLBlock(verdict))) else { return }
        var frame = CarryState.Frame(key: verdict.id, rule: Int32(rule ?? -1))
        frame.yamlIndent = Int32(line.column - s)   // the key's column (after `- ` items)
        frame.yamlScalar = scalar
        frames.append(frame)
    }

    // MARK: - XML elements

    // SOAP and XML payloads (`<contact><name>Jane Doe</name><ip_address>10.1.2.3</ip_address>`),
    // in text or in a JSON string: an element is a key whose value is its content. The scanner
    // takes attributes (`<user name="Jane">`) as logfmt keys; `xmlElements` then redacts the
    // content of each element whose name has a rule where it stands (the enclosing elements are its
    // path), after the scanner, and merges its edits with the scanner's.

    /// How a line writes its tags' angle brackets: as they are; as JSON escapes, which Go's
    /// encoding/json writes for every `<` and `>` by default (`\u003cname\u003e`, with a backslash
    /// per escape level: `\\u003c` in a string in a string); or as HTML entities (`&lt;name&gt;`).
    enum TagSyntax: UInt8, CaseIterable {
        case plain, unicode, entity

        var bit: UInt8 { 1 &<< rawValue }
    }

    /// The escaped `<`: `\u003c` (or `\u003C`), and `&lt;` in any case.
    static let unicodeOpen = ByteKernels.Probe(0x5C, (0x75, at: 1, fold: 0), (0x33, at: 4, fold: 0), (0x63, at: 5, fold: 0x20))
    static let entityOpen = ByteKernels.Probe(0x26, (0x6C, at: 1, fold: 0x20), (0x74, at: 2, fold: 0x20), (0x3B, at: 3, fold: 0))

    /// The next `<` written in `syntax` in `p[i..<e]`: where it starts (`e`: none) and the position
    /// after it. `p[..<readable]` may be read (`ByteKernels.nextByte`).
    @inline(__always)
    static func nextTagOpen(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ syntax: TagSyntax,
                            readable: Int) -> (start: Int, after: Int) {
        switch syntax {
        case .plain:
            let lt = ByteKernels.nextByte(p, i, e, 0x3C, readable: readable)
            return (lt, lt + 1)
        case .unicode:
            var q = ByteKernels.nextProbe(p, i, e, unicodeOpen, readable: readable)
            while q < e {
                if p[q + 2] == 0x30 && p[q + 3] == 0x30 {
                    var start = q
                    while start > i && p[start - 1] == 0x5C { start -= 1 }
                    return (start, q + 6)
                }
                q = ByteKernels.nextProbe(p, q + 1, e, unicodeOpen, readable: readable)
            }
            return (e, e)
        case .entity:
            let q = ByteKernels.nextProbe(p, i, e, entityOpen, readable: readable)
            return (q, q < e ? q + 4 : e)
        }
    }

    /// The length of the `<` (`plain: 0x3C, hex: 0x63, letter: 0x6C`) or `>` (`0x3E, 0x65, 0x67`)
    /// written in `syntax` at `i`, or 0.
    @inline(__always)
    static func angleLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ syntax: TagSyntax,
                            plain: UInt8, hex: UInt8, letter: UInt8) -> Int {
        switch syntax {
        case .plain:
            return i < e && p[i] == plain ? 1 : 0
        case .unicode:
            var k = i
            while k < e && p[k] == 0x5C { k += 1 }
            guard k > i, k + 5 <= e, p[k] == 0x75, p[k + 1] == 0x30, p[k + 2] == 0x30, p[k + 3] == 0x33,
                  p[k + 4] | 0x20 == hex else { return 0 }
            return k + 5 - i
        case .entity:
            guard i + 4 <= e, p[i] == 0x26, p[i + 1] | 0x20 == letter, p[i + 2] | 0x20 == 0x74, p[i + 3] == 0x3B else { return 0 }
            return 4
        }
    }

    @inline(__always)
    static func tagOpenLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ syntax: TagSyntax) -> Int {
        angleLength(p, i, e, syntax, plain: 0x3C, hex: 0x63, letter: 0x6C)
    }

    @inline(__always)
    static func tagCloseLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, _ syntax: TagSyntax) -> Int {
        angleLength(p, i, e, syntax, plain: 0x3E, hex: 0x65, letter: 0x67)
    }

    /// The end of an XML name starting at `i` (letters, digits, `_`, `-`, `.`, `:`), or `i`.
    @inline(__always)
    static func xmlNameEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var j = i
        while j < e {
            let c = p[j] | 0x20
            guard (c &- 0x61 < 26) || (p[j] &- 48 < 10) || p[j] == 0x5F || p[j] == 0x2D || p[j] == 0x2E || p[j] == 0x3A else { break }
            j += 1
        }
        return j
    }

    /// Where the local part of the name `p[s..<e]` starts: after its namespace prefix (`soap:`), if any.
    @inline(__always)
    static func localName(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var i = e
        while i > s && p[i - 1] != 0x3A { i -= 1 }
        return i
    }

    /// A start tag whose name would start at `n`, just after its `<` written in `syntax` in `open`
    /// bytes: its name's end and the position after its `>`, written in as many (the same escape
    /// level); nil for anything else (a closing tag, `<!--`, `< 5`, a tag that does not end on the
    /// line, `<br/>`).
    static func startTag(_ p: UnsafePointer<UInt8>, name n: Int, _ e: Int, _ syntax: TagSyntax, open: Int)
        -> (nameEnd: Int, contentStart: Int)?
    {
        guard n < e, p[n] | 0x20 &- 0x61 < 26 || p[n] == 0x5F else { return nil }
        let nameEnd = xmlNameEnd(p, n, e)
        guard nameEnd < e else { return nil }
        let b = p[nameEnd]
        guard b == 0x20 || b == 0x09 || b == 0x2F || tagCloseLength(p, nameEnd, e, syntax) > 0 else { return nil }
        var gt = nameEnd
        if syntax == .plain {
            // The plain `>` by a byte loop: HTML bodies hold many tags (`<a href="...">`).
            while gt < e && p[gt] != 0x3E && p[gt] != 0x3C { gt += 1 }
            guard gt < e, p[gt] == 0x3E, p[gt - 1] != 0x2F else { return nil }
            return (nameEnd, gt + 1)
        }
        let first: UInt8 = syntax == .unicode ? 0x5C : 0x26   // of both the escaped `<` and `>`
        while gt < e {
            if p[gt] == first {
                let k = tagCloseLength(p, gt, e, syntax)
                if k > 0 { return p[gt - 1] == 0x2F || k != open ? nil : (nameEnd, gt + k) }
                if tagOpenLength(p, gt, e, syntax) > 0 { return nil }
            }
            gt += 1
        }
        return nil
    }

    /// Where the name of a closing tag starts, after its `<` written in `syntax` that ends at
    /// `after`: `</` or, in a JSON string, `<\/` (PHP escapes `/`); nil if no closing tag.
    @inline(__always)
    static func closingTagName(_ p: UnsafePointer<UInt8>, after i: Int, _ e: Int) -> Int? {
        if i < e && p[i] == 0x2F { return i + 1 }
        if i + 1 < e && p[i] == 0x5C && p[i + 1] == 0x2F { return i + 2 }
        return nil
    }

    /// The cheap pass: whether the line, from `from`, holds a start tag written in `syntax` and
    /// named like a trigger key.
    private mutating func hasXMLKeyTrigger(_ p: UnsafePointer<UInt8>, _ from: Int, _ e: Int, _ syntax: TagSyntax) -> Bool {
        var lt = Self.nextTagOpen(p, from, e, syntax, readable: bufferEnd)
        while lt.start < e {
            if let tag = Self.startTag(p, name: lt.after, e, syntax, open: lt.after - lt.start),
               isTriggerKey(p, Self.localName(p, lt.after, tag.nameEnd), tag.nameEnd) {
                return true
            }
            lt = Self.nextTagOpen(p, lt.after, e, syntax, readable: bufferEnd)
        }
        return false
    }

    /// The tag syntaxes of the line `p[s..<e]` with a start tag named like a trigger key (bits of
    /// `TagSyntax`), found from the cursors of `<`, `\` and `&`.
    @inline(__always)
    private mutating func xmlKeySyntaxes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt8 {
        var bits: UInt8 = 0
        if occurs(angleCursor, p, s, e) && hasXMLKeyTrigger(p, cursors[angleCursor].next, e, .plain) {
            bits |= TagSyntax.plain.bit
        }
        if occurs(backslashCursor, p, s, e) && hasXMLKeyTrigger(p, cursors[backslashCursor].next, e, .unicode) {
            bits |= TagSyntax.unicode.bit
        }
        if occurs(ampersandCursor, p, s, e) && hasXMLKeyTrigger(p, cursors[ampersandCursor].next, e, .entity) {
            bits |= TagSyntax.entity.bit
        }
        return bits
    }

    /// Redacts the content of the elements of `p[s..<e]` whose tags are written in `syntax` and
    /// whose names have a rule at their place, or name a phone (`<mobile>`) and hold one, and
    /// merges these edits with the line's. The content is everything up to the element's closing
    /// tag, nested elements included (`<location>` goes whole, as its JSON object does). Tags in a
    /// JSON string stay in it: the content from one string to another becomes part of a string,
    /// and the token holds no quote.
    ///
    /// An element whose closing tag is not on the line is none (`Hello <name>,` in a template),
    /// but in a whole line (`asLine`). There, with tags as they are, the elements open at the
    /// line's end carry to the next line (`CarryState.xmlFrames`) while it continues the
    /// document (`continuesXML`), so a later line's `<ssn>` knows its `<custom_attributes>`; and an
    /// element with a rule whose closing tag is on a later line redacts its content there too,
    /// when its start tag ends its line or only tags come before it on the line (`<address>` on a
    /// line of its own, then its text): every text between tags up to its closing tag goes, each
    /// run of text as a token, the tags inside it stay (as a carried JSON object keeps its keys).
    /// In any syntax, one right after the end of another tag in a line of text is a payload cut
    /// short: the rest of its line goes. Text or a space before the start tag (`Hello <name>, ...`)
    /// makes it none. A closing tag closes the innermost open element of its name, and the ones inside it.
    private mutating func xmlElements(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ syntax: TagSyntax, asLine: Bool) {
        // (The tags of a document in a Docker record's content are Go's escapes: `\u003cssn\u003e`.)
        let acrossLines = asLine && syntax == documentTagSyntax
        let base = frames.count
        defer {
            if acrossLines { carryXMLFrames(above: base) }
            frames.removeLast(frames.count - base)
        }
        if acrossLines { frames.append(contentsOf: carry.xmlFrames) }
        // Across lines: the outermost open element whose content goes (an index of `frames`, or
        // -1). In a whole line: where the text since the last tag starts, whether the current tag
        // follows another right after its end, and whether text comes anywhere before it.
        var redacting = -1
        if acrossLines, let f = frames[base...].firstIndex(where: { $0.rule >= 0 }) { redacting = f }
        var text = s
        var tagged = false, adjacent = false, textSeen = false
        @inline(__always) func tagAt(_ start: Int, ends end: Int) {
            guard asLine else { return }
            if redacting >= 0 {
                redactXMLText(p, text, start, rule: Int(frames[redacting].rule))
            } else {
                adjacent = tagged && text == start
                textSeen = textSeen || !Self.isBlank(p, text, start)
            }
            text = end
            tagged = true
        }
        var from = s
        while true {
            let lt = Self.nextTagOpen(p, from, e, syntax, readable: bufferEnd)
            if lt.start >= e { break }
            from = lt.after
            let open = lt.after - lt.start
            if let k = Self.closingTagName(p, after: lt.after, e) {
                // The innermost open element of the name closes, with those inside it.
                let nameEnd = Self.xmlNameEnd(p, k, e)
                var gt = nameEnd
                while gt < e && (p[gt] == 32 || p[gt] == 9) { gt += 1 }
                guard nameEnd > k, Self.tagCloseLength(p, gt, e, syntax) == open else { continue }
                tagAt(lt.start, ends: gt + open)
                from = gt + open
                let id = keyMemo.verdict(p, Self.localName(p, k, nameEnd), nameEnd, bufferEnd: bufferEnd).id
                if let f = frames[base...].lastIndex(where: { $0.key == id }) {
                    frames.removeLast(frames.count - f)
                    if redacting >= f { redacting = -1 }
                }
                continue
            }
            guard let tag = Self.startTag(p, name: lt.after, e, syntax, open: open) else { continue }
            tagAt(lt.start, ends: tag.contentStart)
            from = tag.contentStart
            let local = Self.localName(p, lt.after, tag.nameEnd)
            let verdict = keyMemo.verdict(p, local, tag.nameEnd, bufferEnd: bufferEnd)
            // Inside an element whose content goes, the elements are its content.
            let rule = redacting >= 0 ? nil : keyRule(verdict, p, local, tag.nameEnd, base: base)
            guard rule != nil || (verdict.phone && redacting < 0) else {
                // An HTML void element (`<br>`) has no content and no closing tag: nothing's parent.
                if frames.count - base < Self.maxFrames && !Self.isVoidElement(p, lt.after, tag.nameEnd) {
                    frames.append(.init(key: verdict.id, rule: -1))
                }
                continue
            }
            guard let close = Self.closingTag(p, tag.contentStart, e, name: lt.after, tag.nameEnd, syntax, open: open,
                                              readable: bufferEnd) else {
                // Its content goes on after the line. Redacted there too if the element is laid out
                // over lines (tags as they are): its start tag ends the line, or only tags come
                // before it. Right after the end of another tag in a line of text, it is a payload
                // cut short (`payload=<Contact><Address>1 Main St, Spr`): the rest of the line
                // goes, up to a quote and the backslashes before it (the end of a JSON string
                // holding it), and the lines after it are not its.
                guard let r = rule, asLine else { continue }
                if acrossLines && (!textSeen || Self.isBlank(p, tag.contentStart, e)) {
                    if frames.count - base < Self.maxFrames {
                        frames.append(.init(key: verdict.id, rule: Int32(r)))
                        redacting = frames.count - 1
                    }
                } else if adjacent {
                    var end = ByteKernels.nextByte(p, tag.contentStart, e, 0x22, readable: bufferEnd)
                    while end > tag.contentStart && p[end - 1] == 0x5C { end -= 1 }
                    redactXMLText(p, tag.contentStart, end, rule: r)
                    from = end
                    text = end
                }
                continue
            }
            let (c, end) = (tag.contentStart, close.start)
            if let r = rule {
                if end > c {
                    scratch.append(Edit(start: c, end: end, kind: plan.rules[r].kind, quoteLevel: -1))
                    ruleCounts[r] += 1
                }
            } else if Self.isPhoneLike(p, c, end) {
                scratch.append(Edit(start: c, end: end, kind: plan.phoneKind, quoteLevel: -1))
                phoneKeyCount += 1
            }
            from = close.end
            text = close.end
        }
        if redacting >= 0 { redactXMLText(p, text, e, rule: Int(frames[redacting].rule)) }
        guard !scratch.isEmpty else { return }
        // The scanner's edits and these, in order, overlaps merged (`mergeScratch` sorts them).
        scratch.append(contentsOf: edits.buffer)
        edits.removeAll()
        mergeScratch()
    }

    /// HTML's void elements, which never have content or a closing tag (`<br>`, `<img src=...>`).
    static let voidElements: [[UInt8]] = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                         "param", "source", "track", "wbr"].map { Array($0.utf8) }

    /// The tag name `p[s..<e]` is one of `voidElements` (ASCII case-insensitive).
    static func isVoidElement(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let n = e - s
        guard n >= 2 && n <= 6 else { return false }
        for w in voidElements where w.count == n {
            var i = 0
            while i < n && p[s + i] | 0x20 == w[i] { i += 1 }
            if i == n { return true }
        }
        return false
    }

    /// Redacts `p[a..<b]`, text of an element whose rule `r` redacts its content (on a line of a
    /// document over lines, or the rest of a payload cut short), without the blanks around it.
    private mutating func redactXMLText(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, rule r: Int) {
        var a = a, b = b
        while a < b && (p[a] == 32 || p[a] == 9) { a += 1 }
        while b > a && (p[b - 1] == 32 || p[b - 1] == 9) { b -= 1 }
        guard a < b else { return }
        scratch.append(Edit(start: a, end: b, kind: plan.rules[r].kind, quoteLevel: -1))
        ruleCounts[r] += 1
    }

    /// The XML elements open above `base` at the line's end become the carry, if one of them
    /// matters to a later line (a known key, or content that goes) and there are at most 32.
    private mutating func carryXMLFrames(above base: Int) {
        carry.xmlFrames.clear()
        let open = frames[base...]
        if open.count <= 32 && open.contains(where: { $0.key >= 0 || $0.rule >= 0 }) {
            carry.xmlFrames.append(contentsOf: open)
        }
        if !carry.holdsOpenXMLText { carry.looseTextLines = 0 }
    }

    /// The closing tag, written in `syntax` with brackets of `open` bytes (its start tag's escape
    /// level: a tag in a string inside a string closes there, not in the string around it), of the
    /// element named `p[name..<nameEnd]` whose content starts at `c`: where it starts and ends, or
    /// nil when it is not on the line. `p[..<readable]` may be read (`ByteKernels.nextByte`).
    static func closingTag(_ p: UnsafePointer<UInt8>, _ c: Int, _ e: Int, name: Int, _ nameEnd: Int,
                           _ syntax: TagSyntax, open: Int, readable: Int = 0) -> (start: Int, end: Int)? {
        let n = nameEnd - name
        var lt = nextTagOpen(p, c, e, syntax, readable: readable)
        while lt.start < e {
            if lt.after - lt.start == open, let k = closingTagName(p, after: lt.after, e), k + n < e,
               memcmp(p + k, p + name, n) == 0, tagCloseLength(p, k + n, e, syntax) == open {
                return (lt.start, k + n + open)
            }
            lt = nextTagOpen(p, lt.after, e, syntax, readable: readable)
        }
        return nil
    }

    // MARK: - Go's `%+v`

    // Go services log structs with `%+v` (`&{Name:Jane Doe Email:jane@x.io Location:{City:Dublin}
    // CustomAttributes:map[ssn:123-45-6789]}`) and maps with `%v` (`map[email:jane@x.io]`): keys
    // without quotes right before a colon with no space after it, values without quotes. With
    // logfmt keys, key bytes that start and end with a letter, right after `{`, `[`, `(`, a blank
    // or a comma (or at the line's start), right before a colon with no space after it, are a key
    // with every rule, paths included (keys match in any case: `Name` is `name`'s). Its value: inside a
    // container, to the next ` Key:` or the container's end, the brackets it opens included
    // (`goValueEnd`: `Name:Jane Doe` whole); in the line's text, a word (`wordsValueEnd`); or the
    // next token when the key ends the text, or only a type name comes between
    // (`Location:{...}`, `map[...]`, `&{...}`, `%#v`'s `Name:"Jane"` and `main.Location{...}`).
    // A redacted value becomes the bare token; `<nil>`, `true` and the like stay.

    static let goMap: [[UInt8]] = [Array("map".utf8)]

    /// At `i`, a Go type as `%#v` writes it before a literal's braces: the `{` that starts the
    /// literal's elements, or nil. After `map` (at its `[`): the map's entries after the key and
    /// value types (`map[string]string{`, `map[string][]int{`, `map[string]interface {}{`; `%+v`'s
    /// `map[ssn:...]` holds its entries in the brackets: nil); after a slice's `[]`: its elements
    /// (`string{`, `main.Tag{`). `interface {}` and `struct {}` are types.
    static func goTypeBrace(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int? {
        guard i < e, (p[i] | 0x20) &- 97 < 26 || p[i] == UInt8(ascii: "*") || p[i] == UInt8(ascii: "[") else { return nil }
        var j = i
        var depth = 0
        while j < e {
            let c = p[j]
            if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") {
                depth -= 1
                guard depth >= 0 else { return nil }
            } else if c == UInt8(ascii: "{") {
                if j + 1 < e && p[j + 1] == UInt8(ascii: "}") { j += 2; continue }
                return depth == 0 ? j : nil
            } else if !((c | 0x20) &- 97 < 26 || c &- 48 < 10 || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
                        || c == UInt8(ascii: "*") || c == 0x20) {
                return nil
            }
            j += 1
        }
        return nil
    }

    /// Start of the Go key that ends at the colon at `colon` (key bytes from `floor`, a letter
    /// first, after `{`, `[`, `(`, a blank or a comma, or at the line's start), or nil.
    private func goKeyStart(_ p: UnsafePointer<UInt8>, _ floor: Int, _ colon: Int) -> Int? {
        let k = Self.identStart(p, floor, colon)
        guard k < colon, (p[k] | 0x20) &- 97 < 26 else { return nil }
        if k == lineStart { return k }
        switch p[k - 1] {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","):
            return k
        default: return nil
        }
    }

    /// The Go keys of the text `p[a..<b]`: the values of those with a rule go into `scratch`.
    /// Returns the key that ends the text if its value is the next token.
    @inline(never)
    private mutating func goKeys(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, level: Int, base: Int,
                                 regionEnd: Int) -> PendingKey? {
        // A colon right before the token at `b` ends a key too (`Name:"Jane"`, `Location:{`).
        let end = Swift.min(b + 1, regionEnd)
        var i = a
        while i < b {
            let colon = ByteKernels.nextTextKeyColon(p, i, end, floor: a, readable: bufferEnd)
            if colon >= b { break }
            i = colon + 1
            // (A colon with a space after it ends a key for `bareKeys`.)
            guard p[colon + 1] != 0x20, let k = goKeyStart(p, a, colon) else { continue }
            let key = keyMemo.verdict(p, k, colon, bufferEnd: bufferEnd).id
            guard key >= 0 else { continue }
            let rule = matchRule(key, base: base)
            let v = colon + 1
            if b < regionEnd && p[b] == UInt8(ascii: "[") && b - v == 3 && Self.isOneOf(p, v, b, Self.goMap),
               let brace = Self.goTypeBrace(p, b, regionEnd) {
                // `%#v` of a map (`CustomAttributes:map[string]string{"ssn":"..."}`): its entries,
                // in the braces after the key and value types, are the container the key names.
                if let r = rule {
                    let close = Self.matchingClose(p, brace, regionEnd, level, python: false).map { $0 + 1 } ?? regionEnd
                    redactInText(start: brace, end: close, rule: r, quoteLevel: -1, resume: close, b)
                } else if openTextFrame(key: key, rule: -1, base: base, phpArray: false) {
                    resumeAt = Swift.max(resumeAt, brace + 1)
                }
                return nil
            }
            if b < regionEnd && (v == b || ((p[b] == UInt8(ascii: "{") || p[b] == UInt8(ascii: "[")) && Self.isTypeName(p, v, b))) {
                return PendingKey(key: key, rule: rule ?? -1, quote: -1)
            }
            guard let r = rule else { continue }
            let valueEnd = frames.count > base ? Self.goValueEnd(p, v, regionEnd) : Self.wordsValueEnd(p, v, b)
            if Self.isOneOf(p, v, valueEnd, Self.bareLiterals) { i = valueEnd; continue }
            if valueEnd > v { redactInText(start: v, end: valueEnd, rule: r, quoteLevel: -1, resume: valueEnd, b) }
            if valueEnd > b { break }
            i = Swift.max(i, valueEnd)
        }
        return nil
    }

    /// `p[v..<b]` names a type before a container (blanks after it allowed): Go's `map`, `&`,
    /// `main.Location`, `&main.Contact`; Rust's `Location `, `models::Location `; Elixir's `%`,
    /// `%Location`.
    static func isTypeName(_ p: UnsafePointer<UInt8>, _ v: Int, _ b: Int) -> Bool {
        var end = b
        while end > v && (p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
        guard v < end else { return false }
        for j in v..<end {
            let c = p[j]
            // A colon only in Rust's `::` (`name: {` is a key, not a type).
            if c == UInt8(ascii: ":") {
                if !((j > v && p[j - 1] == c) || (j + 1 < end && p[j + 1] == c)) { return false }
                continue
            }
            if !((c | 0x20) &- 97 < 26 || c &- 48 < 10 || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
                 || c == UInt8(ascii: "&") || c == UInt8(ascii: "*") || c == UInt8(ascii: "%")) { return false }
        }
        return true
    }

    /// End of a Go value at `v` inside a container: the next blank that a key and a colon follow
    /// (`goKeyFollows`), or the bracket that closes the container, outside the brackets the value
    /// opens; or `e`; without the blanks before it.
    static func goValueEnd(_ p: UnsafePointer<UInt8>, _ v: Int, _ e: Int) -> Int {
        valueEnd(p, v, e) { j in p[j] == 32 && goKeyFollows(p, j + 1, e) }
    }

    /// `p[i..<e]` starts with a Go key and its colon: a letter, key bytes, `:`, and no `/` after
    /// it (a URL's `https://` is part of a value).
    static func goKeyFollows(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Bool {
        guard i < e, (p[i] | 0x20) &- 97 < 26 else { return false }
        var j = i + 1
        while j < e && ByteKernels.isKeyByte(p[j]) { j += 1 }
        return j < e && p[j] == 0x3A && !(j + 1 < e && p[j + 1] == UInt8(ascii: "/"))
    }

    // MARK: - Python dict reprs

    // Python services log payloads as dict reprs: `{'name': 'Jane Doe', 'location': {'city': ...}}`.
    // With logfmt keys, a line that holds `':` is scanned with `'` as a token too: a `'` that opens
    // a short quoted key (at most `maxPythonKey` bytes, no quote or backslash in it) followed right
    // by `:` is a key like a JSON one (rules, paths, phone keys, removal); its value is a Python
    // string (`'...'`, `\'` escaped), or anything a JSON key can take. Any other `'` is text. A
    // string's content is scanned at its own level (it may hold JSON), never skipped.

    static let maxPythonKey = 64

    /// `ByteKernels.nextByte` for `'`, out of line: inlined into `scanRegion`, it made the scanner's
    /// whitespace skip a call (dense 3.8% more instructions).
    @inline(never)
    static func nextApostrophe(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        ByteKernels.nextByte(p, i, e, 0x27)
    }

    /// `:` as the second byte of a pair (`':`, the mark of a Python key).
    static let colonSecond = ByteKernels.PairSeconds([0x3A])!

    /// The key member that may start with the `'` at `open`: if it is one, scans the text before it
    /// (from `textStart`), the key and its value, and returns where scanning continues; else nil.
    @inline(never)
    private mutating func pythonMember(_ p: UnsafePointer<UInt8>, _ open: Int, _ e: Int, level: Int, base: Int,
                                       textStart: Int) -> Int? {
        guard let close = Self.pythonKeyEnd(p, open, e) else { return nil }
        scanText(p, textStart, open, level: level, base: base, regionEnd: e)
        scanDetectors(p, open + 1, close, level: level)
        let verdict = keyMemo.verdict(p, open + 1, close, bufferEnd: bufferEnd)
        let redacting = frames.count > base ? Int(frames[frames.count - 1].rule) : -1
        var rule = keyRule(verdict, p, open + 1, close, base: base)
        let phoneKey = rule == nil && redacting < 0 && verdict.phone
        if rule == nil && redacting >= 0 { rule = redacting }
        let inherited = rule == redacting && rule != nil
        let v = Self.skipWhitespace(p, close + 2, e, level)
        return handleValue(p, v, e, level: level, base: base, key: verdict.id, rule: rule, phoneKey: phoneKey,
                           inherited: inherited, keyStart: open, python: true)
    }

    /// The closing quote of the Python key that opens at `open`: the next `'`, within `maxPythonKey`
    /// bytes of content (at least one), with no `"` or `\` before it, and right before a `:`; else nil.
    /// `hasPythonKeyTrigger` finds the same key from its colon.
    static func pythonKeyEnd(_ p: UnsafePointer<UInt8>, _ open: Int, _ e: Int) -> Int? {
        var j = open + 1
        let limit = Swift.min(e, open + 2 + maxPythonKey)
        while j < limit {
            switch p[j] {
            case 0x27: return j > open + 1 && j + 1 < e && p[j + 1] == 0x3A ? j : nil
            case 0x22, 0x5C: return nil
            default: j += 1
            }
        }
        return nil
    }

    /// End of the Python string whose content starts at `c`: (content end, position after the
    /// quote). A `'` after an odd number of Python backslashes is escaped (each is 2^level raw
    /// backslashes at escape level `level`). An unterminated string runs to `e`.
    static func pythonStringEnd(_ p: UnsafePointer<UInt8>, _ c: Int, _ e: Int, _ level: Int) -> (end: Int, after: Int) {
        var i = c
        while i < e {
            let j = ByteKernels.nextByte(p, i, e, 0x27)
            if j == e { break }
            var k = 0
            while j - k - 1 >= c && p[j - k - 1] == UInt8(ascii: "\\") { k += 1 }
            if (k &>> level) & 1 == 0 { return (j, j + 1) }
            i = j + 1
        }
        return (e, e)
    }

    private mutating func runDetectors(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) {
        var bits = lineTriggers
        while bits != 0 {
            let di = bits.trailingZeroBitCount
            bits &= bits - 1
            if digitTriggers[di] != nil || hasHit(di, a, b) { findMatches(di, p, a, b) }
        }
    }

    /// Successive matches of one detector in `p[a..<b]`, filtered by its `digits` range, into `scratch`.
    /// The subject starts at the line, so lookbehinds see what precedes the span (a JSON key before a
    /// string's content); lookaheads see the span's end as the end of input. A detector with a
    /// `digits:N` trigger runs only on windows around the digit runs that can hold a phone number, the
    /// rest of the span is never searched. A search that hits a PCRE2 limit masks what it was
    /// searching (fail closed).
    private mutating func findMatches(_ di: Int, _ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) {
        if let n = digitTriggers[di] {
            // The line's digit runs that overlap the span, as the cheap pass judged them. A run the
            // span cuts (the scanner resumes text after a non-string value, `"k":020 7946 0958`) is
            // judged again as the part inside the span.
            var k = Self.firstHit(hits[di], atOrAfter: a)
            if k > 0 && hits[di][k - 1].end > a { k -= 1 }
            var searched = a
            while k < hits[di].count && hits[di][k].start < b {
                var h = hits[di][k]
                k += 1
                if h.start < a || h.end > b {
                    guard let part = Self.nextDigitRun(p, Swift.max(a, h.start), Swift.min(b, h.end), atLeast: n) else { continue }
                    h = Hit(start: part.start, end: part.end, candidate: phoneGate(p, part, lineEnd: b, atLeast: n))
                }
                guard h.candidate else { continue }
                let run = h
                // A match starts at the number, at a plus sign or parenthesis just before it, or, with
                // phone context before it, at the context word: only then is the window wide.
                let contextFloor = Swift.max(lineStart, run.start - Self.windowBefore)
                let context = !refinedPhoneGate || contextMemo.phoneContextBefore(p, contextFloor, run.start)
                // With context, from the phone word on (`phoneContextStart`; the walk again, once per
                // candidate with context: cheaper than the pattern tried at each byte before the word).
                let before = !context ? Self.numberReach
                    : !refinedPhoneGate || fullPhoneContextWindows ? Self.windowBefore
                    : Swift.max(Self.numberReach, run.start - (ByteKernels.phoneContextStart(p, contextFloor, run.start) ?? contextFloor))
                // Never trust an earlier window about the bytes just before this run: a number that
                // starts there was cut off by that window's end.
                let rescan = context ? Self.rescan : Self.numberReach
                let ws = Swift.max(a, Swift.min(Swift.max(searched, run.start - before), run.start - rescan))
                let we = Swift.min(b, run.end + Self.windowAfter)
                searched = Swift.max(ws, search(di, p, ws, we, spanEnd: b))
            }
        } else if let bytes = matchBytes[di] {
            // Only the run of match bytes around each trigger in the span, and `lookaheadReach`
            // bytes after it, can hold a match (`match-bytes:` in patterns/README.md).
            var k = Self.firstHit(hits[di], atOrAfter: a)
            var searched = a
            while k < hits[di].count && hits[di][k].start < b {
                let h = hits[di][k]
                k += 1
                if h.end > b || h.end <= searched { continue }
                let (runStart, runEnd) = Self.matchByteRun(p, around: h, bytes, a, b)
                let ws = Swift.max(runStart, searched)
                let we = Swift.min(b, runEnd + Self.lookaheadReach)
                let to = search(di, p, ws, we, spanEnd: b)
                if to < we {
                    // A match that ends near the window's end saw a cut subject: search on to the
                    // span's end. That finds every match after it, the later hits' too: they are
                    // done (searched again, each found the same matches again, to the span's end:
                    // quadratic, 10,000 addresses on a line took 10 s and 1.6 GB).
                    _ = search(di, p, to, b, spanEnd: b)
                    break
                }
                searched = Swift.max(searched, runEnd)
            }
        } else {
            _ = search(di, p, a, b, spanEnd: b)
        }
    }

    /// Test hook: phone windows with context start `windowBefore` bytes back, not at the phone word.
    var fullPhoneContextWindows = false

    static let windowBefore = 96
    static let windowAfter = 40
    static let rescan = 24
    /// How far before its first digit a number without context can start: an escaped plus sign
    /// (`&#x2b;`, `\u002b`, six bytes), a blank and a parenthesis.
    static let numberReach = 12
    /// How far past a match the detectors' lookaheads may look.
    static let lookaheadReach = 16

    /// Searches `p[a..<b]` for successive matches; returns how far the span is now fully searched:
    /// `b`, or, when the window ends before the span and a match ends within `lookaheadReach` of the
    /// window's end (it may be cut short there, or its lookahead blinded), that match's start, so the
    /// next window, which starts before it, decides it.
    /// After a match, the search goes on only while the rest of the window can hold another one
    /// (`restMayMatch`).
    private mutating func search(_ di: Int, _ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, spanEnd: Int) -> Int {
        let d = searchInfo[di]
        let subject = p + lineStart
        let length = b - lineStart
        var off = a - lineStart
        var searchedTo = b
        search: while off < length {
            switch PCRE2Matcher.search(d.regex, matcherRaw, subject, length: length, from: off) {
            case .noMatch:
                break search
            case .limit:
                scratch.append(Edit(start: lineStart + off, end: b, kind: d.kind, quoteLevel: -1))
                limitMasks += 1
                break search
            case .match(let ms, let me):
                // Near a window end that is not the span's end, lookaheads saw a cut subject.
                if me > length - Self.lookaheadReach && b < spanEnd { searchedTo = lineStart + ms; break search }
                if me > ms, Self.digitsOK(d.digits, subject, ms, me) {
                    scratch.append(Edit(start: lineStart + ms, end: lineStart + me, kind: d.kind, quoteLevel: -1))
                }
                off = Swift.max(me, ms + 1)
                if !restMayMatch(di, p, lineStart + off, b) { break search }
            }
        }
        return searchedTo
    }

    /// Whether `p[from..<b]`, what a window holds after a match, can hold another match of detector
    /// `di`: for literal triggers, one of its trigger hits lies inside (every match holds a trigger:
    /// patterns/README.md); for a `digits:N` trigger with a `digits:` range, the bytes hold as many
    /// digits as a match needs. Most searches after a match find nothing: this saves the call.
    @inline(__always)
    private func restMayMatch(_ di: Int, _ p: UnsafePointer<UInt8>, _ from: Int, _ b: Int) -> Bool {
        guard di < hits.count else { return true }
        if digitTriggers[di] != nil {
            let need = matchDigits[di]
            return need == 0 || ByteKernels.hasDigits(p, from, b, atLeast: need)
        }
        return hasHit(di, from, b)
    }

    /// Whether a digit run (see `nextDigitRun`) can hold a phone number. Without context, a phone
    /// detector matches only numbers written as numbers: with a separator inside the run, or after a
    /// plus sign (`+`, `%2B`, `&#43;`, `&plus;`, `\u002B`); and not an ISO date (`2026-11-23`) with
    /// fewer than `n` other digits. Bare digit runs (unix times, ids) and dates are candidates only
    /// with phone context right before them (`ByteKernels.phoneContextBefore`: a phone word or key,
    /// then only what the pattern allows between it and the number; or a non-ASCII byte, which
    /// covers words like 電話 and тел). The pattern examples, run through this
    /// gate, keep it honest.
    private func phoneGate(_ p: UnsafePointer<UInt8>, _ run: (start: Int, end: Int), lineEnd e: Int, atLeast n: Int,
                           digits: Int = -1) -> Bool {
        if Self.writtenAsNumber(p, run, lineStart: lineStart, atLeast: n, digits: digits, readable: bufferEnd)
            && !(refinedPhoneGate && ByteKernels.phoneRunNeedsContext(p, run, lineStart: lineStart, lineEnd: e, atLeast: n)) {
            return true
        }
        // Context can only help a match that starts within the window before the run.
        let ws = Swift.max(lineStart, run.start - Self.windowBefore)
        if refinedPhoneGate { return contextMemo.phoneContextBefore(p, ws, run.start) }
        return Self.hasPhoneHint(p, ws, run.start)
    }

    /// Whether a run can be matched by the phone pattern's alternatives that need no context word:
    /// after a plus sign (`+`, `%2b`, `&#43;`, `&#x2b;`, `&plus;`, `\u002b`) right before its first
    /// digit; with a trunk `0` or parentheses; dotted only as `ddd.ddd.dddd` or with a `0`-led group
    /// (so IP addresses and versions are not); otherwise with at least three digit groups, or the
    /// pattern's two-group shapes; and never as an ISO date with fewer than `n` other digits. This
    /// mirrors the alternatives of patterns/phone.pcre2; its positive examples, which all run through
    /// this gate in PatternTests, fail if the two drift apart.
    /// `digits`: how many digits the run holds, when known (-1: not known); `p[..<readable]` may be
    /// read (0: only the run).
    @inline(never)
    static func writtenAsNumber(_ p: UnsafePointer<UInt8>, _ run: (start: Int, end: Int), lineStart: Int, atLeast n: Int,
                                digits: Int = -1, readable: Int = 0) -> Bool {
        let q = run.start
        if q > lineStart && ByteKernels.plusSignBefore(p, lineStart, q) > 0 { return true }
        // One group of digits (a unix time, an id): not written as a number.
        if digits >= 0 ? digits == run.end - q : ByteKernels.digitsEnd(p, q, run.end) == run.end { return false }
        // An ISO date (19xx or 20xx, separator, two digits, the same separator, two digits) with
        // fewer than `n` other digits. Such a run has three groups or more, so with its digits known
        // this is decided before the shape (most runs of timestamped logs are dates).
        let isoDate = isISODate(p, q, run.end)
        if isoDate && digits >= 0 && digits - 8 < n { return false }
        let shape = run.end - q <= 16 && q + 16 <= readable
            ? GroupShape(bitsOf: p, run.start, run.end) : GroupShape(walking: p, run.start, run.end)
        if shape.groups < 2 { return false }
        if isoDate && shape.digits - 8 < n { return false }
        let zeroLed = shape.zeroLed || p[q] == UInt8(ascii: "0")
        if shape.dotsOnly { return shape.dotted334 || zeroLed }
        if shape.parens || zeroLed || (q > lineStart && p[q - 1] == UInt8(ascii: "(")) { return true }
        if shape.groups >= 3 { return true }
        // The pattern's two-group shapes: 98765 43210 (IN), 333 1234567 (IT mobile).
        let lengths = shape.lastLengths
        return (lengths.1 == 5 && lengths.2 == 5) || (p[q] == UInt8(ascii: "3") && lengths.1 == 3 && (6...7).contains(lengths.2))
    }

    /// `p[q..<end]` starts with an ISO date: 19xx or 20xx, `-`, `/` or `.`, two digits, the same
    /// separator, two digits.
    @inline(__always)
    static func isISODate(_ p: UnsafePointer<UInt8>, _ q: Int, _ end: Int) -> Bool {
        guard end - q >= 10 else { return false }
        // The ten bytes as two loads, tested without a branch per byte: dates and other runs come
        // mixed, and a chain of branches mispredicts.
        let raw = UnsafeRawPointer(p + q)
        let lo = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let hi = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        @inline(__always) func byte(_ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: lo &>> UInt64(8 * k)) }
        @inline(__always) func bit(_ c: Bool) -> UInt8 { c ? 1 : 0 }
        @inline(__always) func digit(_ b: UInt8) -> UInt8 { bit(b &- 48 < 10) }
        let b8 = UInt8(truncatingIfNeeded: hi), b9 = UInt8(truncatingIfNeeded: hi &>> 8)
        let ok = bit(byte(0) &- 0x31 < 2) & (bit(byte(1) == 0x39) | bit(byte(1) == 0x30))
            & digit(byte(2)) & digit(byte(3)) & digit(byte(5)) & digit(byte(6)) & digit(b8) & digit(b9)
            & bit(byte(4) == byte(7)) & bit(byte(4) &- 0x2D < 3)   // - . /
        return ok != 0
    }

    /// The digit groups of a run (from its first digit to its last) and what separates them, as
    /// `writtenAsNumber` needs them.
    struct GroupShape: Equatable {
        var groups = 0, digits = 0
        /// The last three group lengths (0 where the run has fewer groups).
        var lastLengths = (0, 0, 0)
        /// Every separator is a dot; a `(` or `)` is among them; three groups in a row are 3, 3 and
        /// 4 digits long; a group after the first starts with a `0` and another digit.
        var dotsOnly = true, parens = false, dotted334 = false, zeroLed = false

        static func == (a: GroupShape, b: GroupShape) -> Bool {
            a.groups == b.groups && a.digits == b.digits && a.lastLengths == b.lastLengths && a.dotsOnly == b.dotsOnly
                && a.parens == b.parens && a.dotted334 == b.dotted334 && a.zeroLed == b.zeroLed
        }

        /// Group by group (the reference; any run).
        init(walking p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
            var i = start
            while i < end {
                if groups > 0 && p[i] == UInt8(ascii: "0") && i + 1 < end && p[i + 1] &- 48 < 10 { zeroLed = true }
                let g = ByteKernels.digitsEnd(p, i, end)
                let groupLength = g - i
                digits += groupLength
                groups += 1
                lastLengths = (lastLengths.1, lastLengths.2, groupLength)
                if lastLengths == (3, 3, 4) { dotted334 = true }
                i = g
                while i < end && p[i] &- 48 >= 10 {
                    let c = p[i]
                    if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") { parens = true }
                    if c != UInt8(ascii: ".") { dotsOnly = false }
                    i += 1
                }
            }
        }

        /// From the bit masks of one 16-byte load: a run of at most 16 bytes whose 16 bytes from
        /// `start` may be read. Most runs (dates, addresses, versions, numbers) are that short, and
        /// walking them byte by byte was most of the phone gate's cost on text logs.
        init(bitsOf p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
            let v = ByteKernels.load16(UnsafeRawPointer(p + start), 0)
            let inRun = (UInt32(1) &<< UInt32(end - start)) &- 1
            let d = UInt32(truncatingIfNeeded: ByteKernels.laneBits(ByteKernels.digitLanes(v))) & inRun
            let separators = ~d & inRun
            let dots = UInt32(truncatingIfNeeded: ByteKernels.laneBits(ByteKernels.equalLanes(v, 0x2E)))
            let brackets = UInt32(truncatingIfNeeded: ByteKernels.laneBits(ByteKernels.equalLanes(v, 0x28) | ByteKernels.equalLanes(v, 0x29)))
            let zeros = UInt32(truncatingIfNeeded: ByteKernels.laneBits(ByteKernels.equalLanes(v, 0x30)))
            let starts = d & ~(d &<< 1)
            dotsOnly = separators & ~dots == 0
            parens = separators & brackets != 0
            zeroLed = starts & ~1 & zeros & (d &>> 1) != 0
            var rest = starts
            while rest != 0 {
                let s = rest.trailingZeroBitCount
                rest &= rest &- 1
                // The group runs from s to the first non-digit after it.
                let length = (~d &>> UInt32(s)).trailingZeroBitCount
                digits += length
                groups += 1
                lastLengths = (lastLengths.1, lastLengths.2, length)
                if lastLengths == (3, 3, 4) { dotted334 = true }
            }
        }
    }

    /// Words (ASCII case-insensitive) that can introduce a phone number in the phone pattern's
    /// context alternatives, or a non-ASCII byte.
    static let phoneHints: [[UInt8]] = ["ph", "tel", "mob", "mov", "cel", "handy", "gsm", "fax", "msisdn", "whats",
                                       "sms", "wa.me", "call", "text", "ring", "reach", "contact"].map { Array($0.utf8) }

    /// First letters of `phoneHints`, for a one-pass scan.
    static let phoneHintFirst: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for h in phoneHints { t[Int(h[0])] = true }
        return t
    }()

    /// With `meOrUs`, `call`, `text`, `ring`, `reach` and `contact` count only before `me` or `us`.
    static func hasPhoneHint(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, meOrUs: Bool = false) -> Bool {
        ByteKernels.hasPhoneHint(p, s, e, meOrUs: meOrUs)
    }

    /// Hints that introduce a number only as `call me`, `text us`, ... (the pattern's H alternative).
    static let phoneHintsBeforeMeOrUs: [[UInt8]] = ["call", "text", "ring", "reach", "contact"].map { Array($0.utf8) }

    /// Reference for `ByteKernels.hasPhoneHint` (the tests check they agree).
    static func hasPhoneHintScalar(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, meOrUs: Bool = false) -> Bool {
        var i = s
        while i < e {
            let b = p[i]
            if b >= 0x80 { return true }
            let l = Int(asciiLower(b))
            if phoneHintFirst[l] {
                for h in phoneHints where h[0] == UInt8(l) && i + h.count <= e {
                    var j = 1
                    while j < h.count && asciiLower(p[i + j]) == h[j] { j += 1 }
                    if j == h.count && meOrUs && Self.phoneHintsBeforeMeOrUs.contains(h) && !ByteKernels.followedByMeOrUs(p, i + j, e) { continue }
                    if j == h.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// The next run of at least `n` digits joined by at most three phone separator bytes in a row (` - ` joins groups)
    /// (space . - ( ) / +), as `ByteKernels.digitRun` counts them: its first and one-past-last digit.
    static func nextDigitRun(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, atLeast n: Int) -> (start: Int, end: Int)? {
        ByteKernels.nextDigitRun(p, s, e, atLeast: n)
    }

    /// Test hook: the spans detector `index` matches in `bytes` (a whole line), exactly as the engine
    /// finds them (windows around digit runs, successive matches, `digits` filter).
    mutating func detectorMatches(_ index: Int, in bytes: [UInt8]) -> [Range<Int>] {
        scratch.removeAll()
        lineStart = 0
        bytes.withUnsafeBufferPointer { b in
            if let p = b.baseAddress {
                startBuffer(p, b.count, findRuns: false)
                lineTriggers = detectorTriggers(p, 0, b.count, wholeLine: false)
                findMatches(index, p, 0, b.count)
            }
        }
        defer { scratch.removeAll() }
        var merged: [Range<Int>] = []
        for e in scratch.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, e.start < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<Swift.max(last.upperBound, e.end)
            } else {
                merged.append(e.start..<e.end)
            }
        }
        return merged
    }

    /// Whether the match `p[s..<e]` holds a number of digits in `range`: digits inside escapes
    /// (`%2b`, `&#43;`, `\u002b`) do not count, exactly as in the pattern's callout (one C function).
    @inline(__always)
    static func digitsOK(_ range: ClosedRange<Int>?, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard let range else { return true }
        return range.contains(cpcre2_phone_digits(p + s, 0, e - s))
    }

    /// Sorts this span's edits, merges overlaps, appends them to the line's edits.
    private mutating func mergeScratch() {
        guard !scratch.isEmpty else { return }
        // At the same start the longer first, which the shorter then joins (a print_r value in a
        // redacted array is both a number and the rest of its line): an order that does not
        // depend on the sort.
        if scratch.count > 1 { scratch.sort { $0.start < $1.start || ($0.start == $1.start && $0.end > $1.end) } }
        // The span's edits join the line's (handed over without a copy when the line has none yet:
        // a line of addresses held both, a list of 3 MB each), then overlaps merge in place from
        // the line's last edit on.
        let from = edits.count
        if from == 0 {
            edits.exchangeContents(with: scratch)
        } else {
            edits.append(contentsOf: scratch.buffer)
        }
        var kept = Swift.max(from, 1)
        for k in kept..<edits.count {
            let e = edits[k]
            if e.start < edits[kept - 1].end {
                if e.end > edits[kept - 1].end { edits[kept - 1].end = e.end }
                continue
            }
            edits[kept] = e
            kept += 1
        }
        edits.truncate(to: kept)
        scratch.removeAll()
    }
}

extension Array {
    /// Empties the array and keeps its storage. `removeAll(keepingCapacity:)` goes through
    /// `replaceSubrange` and costs about 90 instructions even on an empty array; the frame stacks
    /// and the chunk's digit runs are emptied so, mostly when they are already empty (the per-line
    /// hits and edits are `HitLists` and `ScratchList`, emptied by setting a count).
    @inline(__always)
    mutating func clear() {
        if !isEmpty { removeAll(keepingCapacity: true) }
    }
}
