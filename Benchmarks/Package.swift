// swift-tools-version: 6.1
// Benchmarks of the redaction engine's hot path, kept in their own package so the root package
// does not depend on the benchmark framework. Run from this directory:
//   swift package --disable-sandbox benchmark
//   REDACT_BENCH_QUICK=1 swift package --disable-sandbox benchmark     (CI smoke run)
// `redact-profile` drives the engine without the framework, for callgrind:
//   swift build -c release --product redact-profile
//   valgrind --tool=callgrind .build/release/redact-profile production 8
import PackageDescription

let package = Package(
    name: "swift-redact-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-redact", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Corpus generation and output checks shared by the benchmarks and the profiling driver.
        .target(name: "BenchSupport", dependencies: [
            .product(name: "Redact", package: "swift-redact"),
            .product(name: "RedactCorpus", package: "swift-redact"),
        ]),
        .executableTarget(
            name: "RedactBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Redact", package: "swift-redact"),
                .product(name: "RedactCorpus", package: "swift-redact"),
            ],
            path: "Benchmarks/RedactBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(name: "redact-profile", dependencies: [
            "BenchSupport", .product(name: "Redact", package: "swift-redact"),
            .product(name: "RedactCorpus", package: "swift-redact"),
        ]),
    ]
)
