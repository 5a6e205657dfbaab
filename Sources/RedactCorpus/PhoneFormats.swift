// Phone number shapes by country and style. In a pattern, `#` is any digit, `N` a digit 2-9, and
// every other byte is written as is. US/CA numbers use the fictional 555-01xx range and GB numbers
// the Ofcom drama ranges; the rest are random digits in the country's usual grouping.

struct PhoneFormat {
    /// Country and style, e.g. `GB-national`.
    let variant: StaticString
    let pattern: StaticString
    init(_ variant: StaticString, _ pattern: StaticString) { self.variant = variant; self.pattern = pattern }
}

struct PhoneRegion {
    let weight: Int
    let formats: [PhoneFormat]
    /// Formats usable after `tel:` (no spaces, RFC 3966 global numbers with visual separators `-`).
    let telURI: [PhoneFormat]
}

let phoneRegions: [PhoneRegion] = [
    PhoneRegion(weight: 22, formats: [
        PhoneFormat("US-paren", "(N##) 555-01##"), PhoneFormat("US-dash", "N##-555-01##"),
        PhoneFormat("US-dot", "N##.555.01##"), PhoneFormat("US-intl", "+1 N## 555 01##"),
        PhoneFormat("US-intl-dash", "+1-N##-555-01##"), PhoneFormat("US-E164", "+1N##55501##"),
        PhoneFormat("US-1dash", "1-N##-555-01##"), PhoneFormat("US-1paren", "1 (N##) 555-01##"),
        PhoneFormat("US-ext", "(N##) 555-01## ext. ##"), PhoneFormat("US-ext", "+1 N## 555 01## x###"),
    ], telURI: [PhoneFormat("US-tel", "+1-N##-555-01##"), PhoneFormat("US-tel", "+1N##55501##")]),
    PhoneRegion(weight: 5, formats: [
        PhoneFormat("CA-paren", "(416) 555-01##"), PhoneFormat("CA-intl", "+1 604 555 01##"),
        PhoneFormat("CA-E164", "+151455501##"), PhoneFormat("CA-dash", "438-555-01##"),
    ], telURI: [PhoneFormat("CA-tel", "+1-416-555-01##")]),
    PhoneRegion(weight: 12, formats: [
        PhoneFormat("GB-national", "020 7946 0###"), PhoneFormat("GB-national", "0161 496 0###"),
        PhoneFormat("GB-national", "07700 900###"), PhoneFormat("GB-national", "0113 496 0###"),
        PhoneFormat("GB-intl", "+44 20 7946 0###"), PhoneFormat("GB-intl", "+44 7700 900###"),
        PhoneFormat("GB-intl-trunk", "+44 (0)20 7946 0###"), PhoneFormat("GB-intl-trunk", "+44 (0) 7700 900###"),
        PhoneFormat("GB-E164", "+442079460###"), PhoneFormat("GB-E164", "+447700900###"),
        PhoneFormat("GB-paren", "(020) 7946 0###"), PhoneFormat("GB-ext", "+44 20 7946 0### ext. ###"),
    ], telURI: [PhoneFormat("GB-tel", "+44-20-7946-0###"), PhoneFormat("GB-tel", "+447700900###")]),
    PhoneRegion(weight: 4, formats: [
        PhoneFormat("IE-national", "01 ### ####"), PhoneFormat("IE-national", "08N ### ####"),
        PhoneFormat("IE-paren", "(01) ### ####"), PhoneFormat("IE-intl", "+353 1 ### ####"),
        PhoneFormat("IE-intl", "+353 8N ### ####"), PhoneFormat("IE-E164", "+3538N#######"),
    ], telURI: [PhoneFormat("IE-tel", "+353-1-###-####")]),
    PhoneRegion(weight: 6, formats: [
        PhoneFormat("DE-national", "030 ########"), PhoneFormat("DE-national", "0151 ########"),
        PhoneFormat("DE-national", "089 #### ####"), PhoneFormat("DE-slash", "030/#### ###"),
        PhoneFormat("DE-intl", "+49 30 ########"), PhoneFormat("DE-intl", "+49 151 #######"),
        PhoneFormat("DE-intl-trunk", "+49 (0)30 #### ####"), PhoneFormat("DE-E164", "+49151########"),
        PhoneFormat("DE-dash", "030-#### ####-##"),
    ], telURI: [PhoneFormat("DE-tel", "+49-30-########")]),
    PhoneRegion(weight: 5, formats: [
        PhoneFormat("FR-national", "01 ## ## ## ##"), PhoneFormat("FR-national", "06 ## ## ## ##"),
        PhoneFormat("FR-national", "07 ## ## ## ##"), PhoneFormat("FR-dot", "01.##.##.##.##"),
        PhoneFormat("FR-intl", "+33 1 ## ## ## ##"), PhoneFormat("FR-intl", "+33 6 ## ## ## ##"),
        PhoneFormat("FR-intl-trunk", "+33 (0)6 ## ## ## ##"), PhoneFormat("FR-E164", "+336########"),
    ], telURI: [PhoneFormat("FR-tel", "+33-6-##-##-##-##")]),
    PhoneRegion(weight: 4, formats: [
        PhoneFormat("ES-national", "91# ### ###"), PhoneFormat("ES-national", "6## ## ## ##"),
        PhoneFormat("ES-national", "6## ### ###"), PhoneFormat("ES-intl", "+34 91# ### ###"),
        PhoneFormat("ES-intl", "+34 6## ### ###"), PhoneFormat("ES-E164", "+346########"),
    ], telURI: [PhoneFormat("ES-tel", "+34-6##-###-###")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("IT-national", "06 #### ####"), PhoneFormat("IT-national", "02 #### ####"),
        PhoneFormat("IT-national", "3## ### ####"), PhoneFormat("IT-intl", "+39 06 #### ####"),
        PhoneFormat("IT-intl", "+39 3## ### ####"), PhoneFormat("IT-E164", "+393#########"),
    ], telURI: [PhoneFormat("IT-tel", "+39-06-####-####")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("NL-national", "020-### ####"), PhoneFormat("NL-national", "06-########"),
        PhoneFormat("NL-national", "06 ## ## ## ##"), PhoneFormat("NL-intl", "+31 20 ### ####"),
        PhoneFormat("NL-intl", "+31 6 ########"), PhoneFormat("NL-intl-trunk", "+31 (0)6 ########"),
        PhoneFormat("NL-E164", "+316########"),
    ], telURI: [PhoneFormat("NL-tel", "+31-6-########")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("SE-national", "08-### ### ##"), PhoneFormat("SE-national", "07N-### ## ##"),
        PhoneFormat("SE-intl", "+46 8 ### ### ##"), PhoneFormat("SE-intl", "+46 7N ### ## ##"),
        PhoneFormat("SE-E164", "+467N#######"),
    ], telURI: [PhoneFormat("SE-tel", "+46-7N-###-##-##")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("PL-national", "5## ### ###"), PhoneFormat("PL-national", "22 ### ## ##"),
        PhoneFormat("PL-intl", "+48 5## ### ###"), PhoneFormat("PL-intl", "+48 22 ### ## ##"),
        PhoneFormat("PL-E164", "+485########"),
    ], telURI: [PhoneFormat("PL-tel", "+48-5##-###-###")]),
    PhoneRegion(weight: 4, formats: [
        PhoneFormat("BR-national", "(11) 9####-####"), PhoneFormat("BR-national", "(21) N###-####"),
        PhoneFormat("BR-intl", "+55 11 9####-####"), PhoneFormat("BR-intl", "+55 (21) N###-####"),
        PhoneFormat("BR-E164", "+55119########"),
    ], telURI: [PhoneFormat("BR-tel", "+55-11-9####-####")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("MX-national", "55 #### ####"), PhoneFormat("MX-paren", "(55) #### ####"),
        PhoneFormat("MX-intl", "+52 55 #### ####"), PhoneFormat("MX-intl", "+52 1 55 #### ####"),
        PhoneFormat("MX-E164", "+5255########"),
    ], telURI: [PhoneFormat("MX-tel", "+52-55-####-####")]),
    PhoneRegion(weight: 4, formats: [
        PhoneFormat("IN-national", "09#### #####"), PhoneFormat("IN-national", "022 #### ####"),
        PhoneFormat("IN-intl", "+91 9#### #####"), PhoneFormat("IN-intl-dash", "+91-9####-#####"),
        PhoneFormat("IN-E164", "+919#########"),
    ], telURI: [PhoneFormat("IN-tel", "+91-9####-#####")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("JP-national", "03-####-####"), PhoneFormat("JP-national", "090-####-####"),
        PhoneFormat("JP-national", "06-####-####"), PhoneFormat("JP-intl", "+81 3-####-####"),
        PhoneFormat("JP-intl", "+81 90-####-####"), PhoneFormat("JP-E164", "+8190########"),
    ], telURI: [PhoneFormat("JP-tel", "+81-90-####-####")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("KR-national", "02-###-####"), PhoneFormat("KR-national", "010-####-####"),
        PhoneFormat("KR-intl", "+82 2-###-####"), PhoneFormat("KR-intl", "+82 10-####-####"),
        PhoneFormat("KR-E164", "+8210########"),
    ], telURI: [PhoneFormat("KR-tel", "+82-10-####-####")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("CN-national", "13# #### ####"), PhoneFormat("CN-national", "18# #### ####"),
        PhoneFormat("CN-national", "010-#### ####"), PhoneFormat("CN-paren", "(010) #### ####"),
        PhoneFormat("CN-intl", "+86 13# #### ####"), PhoneFormat("CN-intl", "+86 10 #### ####"),
        PhoneFormat("CN-E164", "+8613#########"),
    ], telURI: [PhoneFormat("CN-tel", "+86-13#-####-####")]),
    PhoneRegion(weight: 3, formats: [
        PhoneFormat("AU-national", "(02) #### ####"), PhoneFormat("AU-national", "04## ### ###"),
        PhoneFormat("AU-national", "02 #### ####"), PhoneFormat("AU-intl", "+61 2 #### ####"),
        PhoneFormat("AU-intl", "+61 4## ### ###"), PhoneFormat("AU-E164", "+614########"),
    ], telURI: [PhoneFormat("AU-tel", "+61-4##-###-###")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("ZA-national", "021 ### ####"), PhoneFormat("ZA-national", "08# ### ####"),
        PhoneFormat("ZA-intl", "+27 21 ### ####"), PhoneFormat("ZA-intl", "+27 8# ### ####"),
        PhoneFormat("ZA-E164", "+278########"),
    ], telURI: [PhoneFormat("ZA-tel", "+27-21-###-####")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("NG-national", "080# ### ####"), PhoneFormat("NG-national", "0803 ### ####"),
        PhoneFormat("NG-intl", "+234 80# ### ####"), PhoneFormat("NG-E164", "+23480########"),
    ], telURI: [PhoneFormat("NG-tel", "+234-80#-###-####")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("AE-national", "04 ### ####"), PhoneFormat("AE-national", "05# ### ####"),
        PhoneFormat("AE-intl", "+971 4 ### ####"), PhoneFormat("AE-intl", "+971 5# ### ####"),
        PhoneFormat("AE-E164", "+9715########"),
    ], telURI: [PhoneFormat("AE-tel", "+971-5#-###-####")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("TR-national", "0212 ### ## ##"), PhoneFormat("TR-national", "05## ### ## ##"),
        PhoneFormat("TR-intl", "+90 212 ### ## ##"), PhoneFormat("TR-intl", "+90 5## ### ## ##"),
        PhoneFormat("TR-E164", "+905#########"),
    ], telURI: [PhoneFormat("TR-tel", "+90-5##-###-##-##")]),
    PhoneRegion(weight: 2, formats: [
        PhoneFormat("RU-national", "8 (495) ###-##-##"), PhoneFormat("RU-national", "8 9## ###-##-##"),
        PhoneFormat("RU-intl", "+7 495 ###-##-##"), PhoneFormat("RU-intl", "+7 (9##) ###-##-##"),
        PhoneFormat("RU-E164", "+79#########"),
    ], telURI: [PhoneFormat("RU-tel", "+7-9##-###-##-##")]),
]

let phoneRegionTotalWeight = phoneRegions.reduce(0) { $0 + $1.weight }
