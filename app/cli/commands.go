package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Version is app.Version, Kehu's version (set a release's with
// -ldflags "-X github.com/kehu-crm/kehu/app.Version=…").
var Version = app.Version

// command is one command of the line: its name ("customer add"), the rest of
// its synopsis, a one-line English description (translated when shown), its
// flags (true: the flag takes a value) and what it does.
type command struct {
	name  string
	args  string
	about string
	flags map[string]bool
	more  func(w io.Writer) // extra lines of --help
	run   func(c *ctx, flags map[string]string, pos []string) error
}

// commands is the command table, in the order --help lists them.
var commands = []*command{
	{name: "version", about: "Print the version of Kehu.", run: runVersion},
	{name: "demo", args: "[--customers N] [--months M] [--seed S]",
		about: "Fill an empty data folder with sample customers (an eyewear distributor).",
		flags: map[string]bool{"customers": true, "months": true, "seed": true}, run: runDemo},
	{name: "check", args: "[--repair]", about: "Verify the data folder and print what is wrong.",
		flags: map[string]bool{"repair": false}, more: printCheckHelp, run: runCheck},
	{name: "customer add", args: "--name NAME [--FIELD VALUE ...]",
		about: "Add a customer and print its id.", flags: fieldFlags(), more: printFields, run: runAdd},
	{name: "customer list", args: "[--search TEXT] [--tier S|A|B|C] [--stage STAGE] [--owner NAME] [--sort KEY] [--asc|--desc] [--limit N]",
		about: "List customers; revenue and updated sort largest/newest first unless --asc.",
		flags: map[string]bool{"search": true, "tier": true, "stage": true, "owner": true, "sort": true, "asc": false, "desc": false, "limit": true},
		more:  printSortKeys, run: runList},
	{name: "customer show", args: "CUST", about: "Show a customer with its contacts and latest interactions.", run: runShow},
	{name: "customer set", args: "CUST FIELD=VALUE ...", about: "Change fields of a customer.", more: printFields, run: runSet},
	{name: "customer delete", args: "CUST", about: "Delete a customer with its contacts and history.", run: runDelete},
	{name: "import customers", args: "FILE [--sheet NAME] [--encoding auto|utf-8|gb18030|utf-16] [--delimiter auto|,|;|tab] [--header-row auto|N] [--map \"SOURCE=field,...\"] [--dry-run]",
		about: "Import a customer list (CSV in any encoding, or Excel); duplicates merge.", flags: importFlags, run: runImportCustomers},
	{name: "import sales", args: "FILE [--sheet NAME] [--encoding auto|utf-8|gb18030|utf-16] [--delimiter auto|,|;|tab] [--header-row auto|N] [--map \"SOURCE=field,...\"] [--dry-run]",
		about: "Import sales records (date, customer, product, quantity, amount, currency); unknown customers are created.", flags: importFlags, run: runImportSales},
	{name: "import list", about: "List the imports, oldest first.", run: runImportList},
	{name: "import undo", args: "BATCH [--force]", about: "Take an import back exactly.", flags: map[string]bool{"force": false}, run: runImportUndo},
	{name: "export", args: "customers|sales|complaints --out FILE [--format csv|xlsx|jsonl] [--encoding utf-8-bom|gb18030]",
		about: "Export every customer to CSV or Excel for people, or JSON Lines for programs.",
		flags: map[string]bool{"out": true, "encoding": true}, more: printExportHelp, run: runExport},
	{name: "complaint add", args: "--customer CUST --category quality|delivery|billing|service|other --severity low|medium|high --channel phone|email|visit|wechat|web|other --text TEXT [--contact NAME] [--assignee NAME] [--attach FILE] [--by NAME]",
		about: "Record a customer complaint and print its id.", flags: complaintAddFlags, run: runComplaintAdd},
	{name: "complaint list", args: "[--status STATUS] [--customer CUST] [--category C] [--severity S] [--assignee NAME] [--overdue] [--open] [--sort KEY] [--desc] [--limit N]",
		about: "List complaints, oldest first; overdue ones are marked.", flags: complaintListFlags, run: runComplaintList},
	{name: "complaint show", args: "ID", about: "Show a complaint with its service times and its whole history.", run: runComplaintShow},
	{name: "complaint attachment", args: "ID NAME --out FILE", about: "Write a complaint's attachment (NAME as complaint show lists it) to FILE, as it was attached.",
		flags: map[string]bool{"out": true}, run: runComplaintAttachment},
	{name: "complaint update", args: "ID [--status acknowledged|in_progress|resolved|closed|reopened] [--note TEXT] [--resolution TEXT] [--satisfaction 1..5] [--assignee NAME] [--by NAME]",
		about: "Move a complaint along its workflow, add a note, a resolution or the customer's satisfaction.", flags: complaintUpdateFlags, run: runComplaintUpdate},
	{name: "report sales", args: "[--by month|quarter|year] [--from PERIOD] [--to PERIOD] [--customer CUST] [--tier T] [--region R] [--product P]",
		about: "Sales curve: revenue and orders per month, quarter or year, in the base currency.",
		flags: reportSalesFlags, more: printReportSalesHelp, run: runReportSales},
	{name: "report meeting", args: "[--from PERIOD] [--to PERIOD] [--customer CUST] [--tier T] [--region R] [--product P] --out FILE.pdf", about: "Write the A4 meeting report: sales curve against last year, revenue by tier, top 10 customers, totals.", flags: map[string]bool{"from": true, "to": true, "out": true, "customer": true, "tier": true, "region": true, "product": true}, more: printReportMeetingHelp, run: runReportMeeting},
	{name: "chart sales", args: "[--by month|quarter|year] [--from PERIOD] [--to PERIOD] [--customer CUST] [--tier T] [--region R] [--product P] [--compare-years] --out FILE.png|svg|pdf [--width PX --height PX]", about: "Draw the sales curve to a PNG, SVG or PDF file.", flags: chartSalesFlags, more: printChartSalesHelp, run: runChartSales},
	{name: "chart complaints", args: "[--by category|customer|month|status] [--measure count|response|handling] [--limit N] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw complaints per category, customer, month or status, or their average response or handling time, to PNG, SVG or PDF.",
		flags: chartComplaintsFlags, more: printChartComplaintsHelp, run: runChartComplaints},
	{name: "settings set", args: "NAME VALUE", about: "Change a setting: base_currency, company_name, backup_keep.", run: runSettingsSet},
	{name: "settings list", about: "Show the settings and the exchange rates.", run: runSettingsList},
	{name: "rate set", args: "CURRENCY DATE RATE", about: "Set an exchange rate: from DATE on, 1 CURRENCY is RATE base-currency units (\"\" removes it).", run: runRateSet},
	{name: "report complaints", args: "[--by category|customer|month|status]",
		about: "Analyse complaints: counts, response and handling times against the targets, satisfaction.",
		flags: map[string]bool{"by": true}, run: runReportComplaints},
	{name: "backup", args: "--out FILE|FOLDER", about: "Write a backup of the whole data folder to one file (encrypted when the folder is).",
		flags: map[string]bool{"out": true}, run: runBackup},
	{name: "restore", args: "FILE [--force]", about: "Replace the data folder by a backup; --force when it already holds data.",
		flags: map[string]bool{"force": false}, run: runRestore},
	{name: "encrypt", about: "Encrypt the data folder with a password (KEHU_NEW_PASSWORD, or typed twice).", run: runEncrypt},
	{name: "password", about: "Change the password of an encrypted data folder (KEHU_PASSWORD, KEHU_NEW_PASSWORD).", run: runPassword},
	{name: "decrypt", about: "Turn off the encryption of the data folder.", run: runDecrypt},
	{name: "sync export", args: "DIR", about: "Write this computer's changes since its last export to new files in the sync folder DIR.", more: printSyncHelp, run: runSyncExport},
	{name: "sync import", args: "DIR", about: "Apply the other computers' new files in the sync folder DIR (each file whole or not at all).", more: printSyncHelp, run: runSyncImport},
	{name: "sync now", args: "[DIR] [--url URL]", about: "Import then export through DIR, or the sync folder chosen in Settings (DIR becomes it if none is chosen).", flags: map[string]bool{"url": true}, more: printSyncNowHelp, run: runSyncNow},
	{name: "sync conflicts", about: "List the values that lost to a concurrent change on another computer.", run: runSyncConflicts},
	{name: "sync dismiss", args: "ID FIELD LOST_CHANGE", about: "Forget a conflict, keeping the value the record has.", run: runSyncDismiss},
	{name: "report customers", args: "--by tier|region|type|stage|source [--from PERIOD] [--to PERIOD]",
		about: "Customer composition: customers and revenue by tier, province, type, stage or source, side by side.", flags: reportCustomersFlags, more: printAnalysisPeriodHelp, run: runReportCustomers},
	{name: "report ranking", args: "[--by revenue|orders|growth] [--from PERIOD] [--to PERIOD] [--limit N]",
		about: "Rank customers by revenue, orders or growth on the period before.", flags: reportRankingFlags, more: printAnalysisPeriodHelp, run: runReportRanking},
	{name: "report forecast", args: "[--months N] [--rate PCT]",
		about: "Forecast the next months' sales (seasonal naive with trend), with its back-test error; --rate adjusts the yearly rate of change.", flags: reportForecastFlags, run: runReportForecast},
	{name: "report anomalies", args: "[--recent N] [--baseline N] [--threshold PCT] [--limit N]",
		about: "Customers whose recent revenue departs from their own baseline, or who fell silent, by revenue at risk.", flags: reportAnomaliesFlags, run: runReportAnomalies},
	{name: "report tiers", args: "[--from PERIOD] [--to PERIOD] [--s PCT --a PCT --b PCT] [--summary] [--limit N]",
		about: "Propose tiers S/A/B/C by the 80/20 rule (Pareto over revenue) beside the current ones; cash cows marked.", flags: reportTiersFlags, more: printReportTiersHelp, run: runReportTiers},
	{name: "report lifecycle", args: "[--window N] [--lost-after N] [--limit N]",
		about: "Suggest each customer's lifecycle stage from its sales curve, with the reason.", flags: reportLifecycleFlags, more: printReportLifecycleHelp, run: runReportLifecycle},
	{name: "report development", args: "[--by month|quarter|year] [--from PERIOD] [--to PERIOD] [--retention]",
		about: "New and active customers per period; with --retention, retention and churn per year.", flags: reportDevelopmentFlags, run: runReportDevelopment},
	{name: "chart customers", args: "--by tier|region|type|stage|source [--from PERIOD] [--to PERIOD] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw the customer composition (shares of customers and of revenue) to PNG, SVG or PDF.", flags: chartCustomersFlags, more: printChartFileHelp, run: runChartCustomers},
	{name: "chart ranking", args: "[--by revenue|orders|growth] [--from PERIOD] [--to PERIOD] [--limit N] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw the first customers of the ranking (10 unless --limit) to PNG, SVG or PDF.", flags: chartRankingFlags, more: printChartFileHelp, run: runChartRanking},
	{name: "chart forecast", args: "[--months N] [--rate PCT] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw the sales history and the forecast to PNG, SVG or PDF.", flags: chartForecastFlags, more: printChartFileHelp, run: runChartForecast},
	{name: "chart tiers", args: "[--from PERIOD] [--to PERIOD] [--s PCT --a PCT --b PCT] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw the proposed tiers' shares of customers and of revenue to PNG, SVG or PDF.", flags: chartTiersFlags, more: printChartFileHelp, run: runChartTiers},
	{name: "chart anomalies", args: "[--recent N] [--baseline N] [--threshold PCT] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw the ten largest revenues at risk to PNG, SVG or PDF.", flags: chartAnomaliesFlags, more: printChartFileHelp, run: runChartAnomalies},
	{name: "chart development", args: "[--by month|quarter|year] [--from PERIOD] [--to PERIOD] --out FILE.png|svg|pdf [--width PX --height PX]",
		about: "Draw active and new customers per period to PNG, SVG or PDF.", flags: chartDevFlags, more: printChartFileHelp, run: runChartDevelopment},
}

// groups are the first words of commands with subcommands.
var groups = []string{"customer", "import", "complaint", "report", "settings", "rate", "chart", "action", "sync"}

func (c *ctx) dispatch(args []string) error {
	if len(args) == 0 {
		c.printHelp()
		return nil
	}
	if strings.HasPrefix(args[0], "-") {
		return usageErr("", "Unknown flag {{.Flag}}.", map[string]any{"Flag": args[0]})
	}
	var cmd *command
	n := 1
	for _, k := range commands {
		words := strings.Fields(k.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			cmd, n = k, len(words)
			break
		}
	}
	if cmd == nil && slices.Contains(groups, args[0]) {
		subs := c.subcommands(args[0])
		if len(args) == 1 && c.help {
			c.printHelp()
			return nil
		}
		if len(args) == 1 {
			return usageErr(args[0], "kehu {{.Cmd}} needs a subcommand: {{.Subs}}.", map[string]any{"Cmd": args[0], "Subs": subs})
		}
		return usageErr(args[0], "Unknown subcommand {{.Sub}}: use one of {{.Subs}}.", map[string]any{"Sub": args[1], "Subs": subs})
	}
	if cmd == nil {
		return usageErr("", "Unknown command {{.Cmd}}.", map[string]any{"Cmd": args[0]})
	}
	if c.help {
		c.printUsage(cmd)
		return nil
	}
	flags, pos, err := parseFlags(cmd, args[n:])
	if err != nil {
		return err
	}
	if listing(cmd) {
		done, err := c.withOut(flags) // out.go: --out FILE, a BOM for CSV in a file on Windows
		if err != nil {
			return err
		}
		return done(cmd.run(c, flags, pos))
	}
	return cmd.run(c, flags, pos)
}

func (c *ctx) subcommands(group string) string {
	var s []string
	for _, k := range commands {
		if g, sub, ok := strings.Cut(k.name, " "); ok && g == group {
			s = append(s, sub)
		}
	}
	return strings.Join(s, ", ")
}

// parseFlags reads a command's flags ("--flag value", "--flag=value", a dash
// or an underscore alike) and returns them with the other arguments.
func parseFlags(cmd *command, args []string) (map[string]string, []string, error) {
	flags := map[string]string{}
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = strings.ReplaceAll(strings.ToLower(name), "-", "_")
		takes, ok := cmd.flags[name]
		if !ok && name == "out" && listing(cmd) {
			takes, ok = true, true
		}
		switch {
		case !ok:
			return nil, nil, usageErr(cmd.name, "Unknown flag --{{.Flag}} for kehu {{.Cmd}}.", map[string]any{"Flag": name, "Cmd": cmd.name})
		case !takes && hasValue:
			return nil, nil, usageErr(cmd.name, "The flag --{{.Flag}} takes no value.", map[string]any{"Flag": name})
		case !takes:
			value = "true"
		case !hasValue:
			if i+1 >= len(args) {
				return nil, nil, usageErr(cmd.name, "The flag --{{.Flag}} needs a value.", map[string]any{"Flag": name})
			}
			i++
			value = args[i]
		}
		if prev, ok := flags[name]; ok && name == "map" {
			value = prev + "\n" + value // --map is repeatable
		}
		flags[name] = value
	}
	return flags, pos, nil
}

// intFlag reads a whole-number flag of at least lo; absent gives def.
func intFlag(cmd string, flags map[string]string, name string, def, lo int) (int, error) {
	v, ok := flags[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo {
		return 0, usageErr(cmd, "The flag --{{.Flag}} wants a whole number of at least {{.Min}}, not {{.Value}}.",
			map[string]any{"Flag": name, "Min": lo, "Value": strconv.Quote(v)})
	}
	return n, nil
}

// noArgs refuses positional arguments a command does not take.
func noArgs(cmd string, pos []string) error {
	if len(pos) > 0 {
		return usageErr(cmd, "Unexpected argument {{.Arg}}.", map[string]any{"Arg": strconv.Quote(pos[0])})
	}
	return nil
}

func (c *ctx) printHelp() {
	w := c.stdout
	fmt.Fprintln(w, i18n.L("Kehu CRM: customers, sales and complaints for small companies."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.L("Usage:"), "kehu [--data DIR] [--lang zh|en] [--format table|csv|json] COMMAND ...")
	fmt.Fprintln(w, "      ", i18n.L("kehu without a command opens the window."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.L("Commands:"))
	rows := make([][]string, len(commands))
	for i, k := range commands {
		rows[i] = []string{"  kehu " + k.name, i18n.L(k.about)}
	}
	writeAligned(w, rows, nil, false)
	fmt.Fprintln(w)
	c.printGlobals()
}

func (c *ctx) printUsage(cmd *command) {
	w := c.stdout
	fmt.Fprintln(w, i18n.L("Usage:"), strings.TrimSpace("kehu "+cmd.name+" "+cmd.args))
	fmt.Fprintln(w, i18n.L(cmd.about))
	if cmd.more != nil {
		fmt.Fprintln(w)
		cmd.more(w)
	}
	fmt.Fprintln(w)
	c.printGlobals()
}

func (c *ctx) printGlobals() {
	fmt.Fprintln(c.stdout, i18n.L("Global flags:"))
	writeAligned(c.stdout, [][]string{
		{"  --data DIR", i18n.L("the data folder (also $KEHU_DATA)")},
		{"  --lang zh|en", i18n.L("the language (also $KEHU_LANG)")},
		{"  --format table|csv|json", i18n.L("the output format of listings")},
		{"  --out FILE", i18n.L("write a listing or report to FILE instead of the screen")},
	}, nil, false)
}

func printFields(w io.Writer) {
	fmt.Fprintln(w, i18n.L("Fields:"))
	rows := make([][]string, len(customers.Fields))
	for i, f := range customers.Fields {
		rows[i] = []string{"  " + f.Name, i18n.L(f.Label), strings.Join(f.Codes, " ")}
	}
	writeAligned(w, rows, nil, false)
}

func printSortKeys(w io.Writer) {
	fmt.Fprintln(w, i18n.L("Sort keys:"), strings.Join(customers.SortKeys, ", "))
}

func fieldFlags() map[string]bool {
	m := map[string]bool{}
	for _, f := range customers.Fields {
		m[f.Name] = true
	}
	return m
}

func runVersion(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("version", pos); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, versionLine())
	return nil
}

// versionLine is app.VersionLine: the About dialog shows the same line.
func versionLine() string { return app.VersionLine() }
