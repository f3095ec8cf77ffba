"""The staff workbench of disclosure on request (依申请公开): the queue, the request page and its acts."""
