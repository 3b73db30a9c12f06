package chart

// UnitPercent is for shares: a Point's Value is hundredths of a percent
// (60.5 % is Value 6050), so the analyses' shares survive the int64.
const UnitPercent = "%"

// UnitCustomers counts customers: a Point's Value is the count (whole steps
// like UnitCount, named 家 rather than 件).
const UnitCustomers = "家"
