"""Pages of hardship assistance: thin views over selectors and services, one file per capability.

``files`` (files, households, consents, attachments, the public notice), ``pairings``,
``programmes``, ``disbursements``, ``documents`` (a batch's signature sheet and bank file),
``review`` and ``figures``; ``urls.py`` names each by its file.
"""
