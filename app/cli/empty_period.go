package cli

import (
	"fmt"

	"github.com/kehu-crm/kehu/app/i18n"
)

// emptyPeriod says, on stderr, that a report found nothing in its period
// (from … to, months) and which months hold sales, so an empty list is not
// taken for "no data": a demo or an import of last year's sales has nothing
// in the default period of the last 12 months. Stdout keeps the report's
// contract (an empty JSON array stays one).
func (c *ctx) emptyPeriod(from, to string) {
	svc, err := c.service()
	if err != nil {
		return
	}
	first, last, err := svc.Sales.Span()
	switch {
	case err != nil:
	case first == "":
		fmt.Fprintln(c.stderr, i18n.L("There are no sales yet: import them with kehu import sales FILE."))
	default:
		fmt.Fprintln(c.stderr, i18n.L("Nothing in {{.From}} to {{.To}}. The sales run from {{.First}} to {{.Last}}: try --from {{.First}} --to {{.Last}}.",
			map[string]any{"From": from, "To": to, "First": first, "Last": last}))
	}
}
