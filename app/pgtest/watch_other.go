//go:build !unix

package pgtest

// watch: elsewhere a killed test leaves the server to stop by hand.
func watch(tmp, data string) {}
