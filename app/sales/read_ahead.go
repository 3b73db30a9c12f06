package sales

import (
	"errors"

	"github.com/kehu-crm/kehu/app/importer"
)

// errStopRows ends a walk over the rows early.
var errStopRows = errors.New("stop")

// readAhead is each with the rows read on a goroutine of their own and
// handed over a batch at a time, so reading the file (CSV) and checking
// its rows share the cores. fn still gets the rows in order, one at a time.
func readAhead(each func(func(importer.Row) error) error) func(func(importer.Row) error) error {
	const size = 512
	return func(fn func(importer.Row) error) error {
		batches := make(chan []importer.Row, 8)
		stop := make(chan struct{})
		var readErr error
		go func() {
			defer close(batches)
			batch := make([]importer.Row, 0, size)
			send := func() error {
				select {
				case batches <- batch:
					batch = make([]importer.Row, 0, size)
					return nil
				case <-stop:
					return errStopRows
				}
			}
			readErr = each(func(r importer.Row) error {
				if batch = append(batch, r); len(batch) == size {
					return send()
				}
				return nil
			})
			if len(batch) > 0 { // the rows before an error too
				_ = send()
			}
		}()
		var err error
		for batch := range batches {
			for _, r := range batch {
				if err = fn(r); err != nil {
					break
				}
			}
			if err != nil {
				close(stop)
				for range batches { // let the reader end
				}
				return err
			}
		}
		return readErr
	}
}
