package customers

import (
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/enum"
)

// Field is one editable customer field of model.CustomerFields, where the
// fields are described; app adds Set, which reads an enumeration's labels
// and variants (enum.ParseCode, through the translations) before storing it.
type Field struct{ model.Field }

// Fields lists the customer's editable fields in form order:
// model.CustomerFields.
var Fields = func() []Field {
	fs := make([]Field, len(model.CustomerFields))
	for i, f := range model.CustomerFields {
		fs[i] = Field{f}
	}
	return fs
}()

// FieldByName finds a field by its snake_case name (a dash works too).
func FieldByName(name string) (Field, bool) {
	f, ok := model.FieldByName(name)
	return Field{f}, ok
}

// FieldNames lists the field names, for usage messages.
func FieldNames() []string { return model.FieldNames() }

// Set parses v into the field. Enumerations take their code ("S", "stable"),
// a label or a variant ("S 战略客户", "A级", "批发商"): see enum.ParseCode.
func (f Field) Set(c *model.Customer, v string) error {
	v = strings.TrimSpace(v)
	if f.Enum != "" && v != "" {
		code, ok := enum.ParseCode(f.Enum, f.Codes, v)
		if !ok {
			return fmt.Errorf("%s %q: %w (one of %s)", f.Name, v, model.ErrBadValue, strings.Join(f.Codes, ", "))
		}
		v = code
	}
	if err := f.Put(c, v); err != nil {
		return fmt.Errorf("%s %q: %w", f.Name, v, err)
	}
	return nil
}
