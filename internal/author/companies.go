package author

// wellKnown are companies the tech press names every day, with the other
// ways copy writes them, so that a site whose gen.toml and briefs name
// none yet still has its stories' subjects suggested. They match only
// with their case ("Apple", not "apple"; "Arm", not "arm"). Names that are
// common words in any case (Block, X, Square) are left out.
var wellKnown = map[string][]string{
	"Apple": nil, "Microsoft": nil, "Alphabet": nil, "Google": {"Google Cloud"}, "Amazon": {"Amazon.com"},
	"Amazon Web Services": {"AWS"}, "Meta": {"Meta Platforms", "Facebook"}, "Nvidia": {"NVIDIA"}, "Intel": nil,
	"AMD": {"Advanced Micro Devices"}, "TSMC": {"Taiwan Semiconductor Manufacturing"}, "Samsung Electronics": {"Samsung"},
	"SK Hynix": nil, "Micron": {"Micron Technology"}, "Qualcomm": nil, "Broadcom": nil, "Arm": {"Arm Holdings"},
	"ASML": nil, "OpenAI": nil, "Anthropic": nil, "xAI": nil, "Mistral AI": nil, "Cohere": nil, "IBM": nil,
	"Oracle": nil, "Salesforce": nil, "SAP": nil, "Adobe": nil, "Cisco": nil, "Dell": {"Dell Technologies"},
	"HP": nil, "Netflix": nil, "Tesla": nil, "Uber": nil, "Airbnb": nil, "ByteDance": nil, "TikTok": nil,
	"Alibaba": nil, "Tencent": nil, "Baidu": nil, "Huawei": nil, "Xiaomi": nil, "Sony": nil, "Spotify": nil,
	"Shopify": nil, "Snowflake": nil, "Palantir": nil, "Databricks": nil, "CoreWeave": nil, "Cloudflare": nil,
	"Stripe": nil, "PayPal": nil, "Coinbase": nil, "LinkedIn": nil, "GitHub": nil, "Nokia": nil, "Ericsson": nil,
	"Infineon": nil, "STMicroelectronics": nil, "Foxconn": nil, "Lenovo": nil, "Zoom": {"Zoom Video"}, "Atlassian": nil,
}

// withWellKnown returns the spellings of an organisations taxonomy with
// the well-known companies it lacks, those matching only with their case.
func withWellKnown(spellings map[string]string, exact map[string]bool) (map[string]string, map[string]bool) {
	all, ex := make(map[string]string, len(spellings)), make(map[string]bool, len(exact))
	for k, v := range spellings {
		all[k] = v
	}
	for k, v := range exact {
		ex[k] = v
	}
	for name, aliases := range wellKnown {
		for _, sp := range append([]string{name}, aliases...) {
			if _, ok := all[sp]; !ok {
				all[sp], ex[sp] = name, true
			}
		}
	}
	return all, ex
}
