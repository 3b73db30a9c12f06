package sales

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/app/importer"
)

// TestSalesImportHugeAmounts: three rows of 46,116,860,184,273,878 would sum
// past int64 and make the month's total negative; each is over
// data.MaxAmount, so each is rejected on its row and nothing is summed.
func TestSalesImportHugeAmounts(t *testing.T) {
	svc := openTest(t)
	p := filepath.Join(t.TempDir(), "sales.csv")
	csv := "日期,客户名称,金额\n2025-01-05,天明眼镜,46116860184273878\n2025-01-06,天明眼镜,46116860184273878\n2025-01-07,天明眼镜,46116860184273878\n2025-01-08,天明眼镜,100\n9999-12-31,天明眼镜,5\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := svc.ImportFile(context.Background(), p, importer.Job{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Rejected != 4 {
		t.Errorf("imported %d, rejected %d (%v), want 1 and 4", sum.Imported, sum.Rejected, sum.Rejects)
	}
}
