package model

// AttachmentProblem is one attachment that is not as its record says.
type AttachmentProblem struct {
	Name      string // as the complaint lists it
	Complaint string // the complaint's id; "" when only sync's record names it
	Kind      string // AttachmentMissing or AttachmentAltered
}

// The kinds of AttachmentProblem.
const (
	AttachmentMissing = "missing" // no file
	AttachmentAltered = "altered" // size, SHA-256 or (encrypted) authentication differ
)
