"""Parallel approval of construction projects (并联审批, 国办发〔2019〕11号): a project moves through a city's
stages; each stage is accepted once by its lead window, its departments' items run at the same time as cases of
their own (联办件), and the results are delivered together. Also the project timeline, the city's distribution
of approval days and the stage forecast."""
