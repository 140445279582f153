package graph

// ParseGraphError lets the table test read answers as the client does.
var ParseGraphError = parseGraphError
