"""服务大厅: appointments (预约) for time slots at the service windows of a service center, and the queue tickets
(取号) a window calls: booked appointments are checked in and get a ticket, walk-ins take one at the window."""
